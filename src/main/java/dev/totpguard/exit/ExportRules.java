package dev.totpguard.exit;

import java.util.Optional;

import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.Standing;
import dev.totpguard.otp.HmacAlgorithm;

/**
 * Whether Keycloak's built-in OTP check can take a device over, and if not, why (pure: the device's public data, the
 * realm's settings and the time).
 *
 * <p>Keycloak 26.7 verifies a built-in TOTP credential with the credential's own algorithm, digits and period (its
 * {@code OTPCredentialData}); only the look around window (and whether codes are reusable) comes from the realm's OTP
 * policy. Every device totp-guard stores (SHA1/SHA256/SHA512, 6–8 digits, any period) is therefore verifiable as it is,
 * whatever the realm policy says, and no policy change is needed. What the built-in check lacks is a learned clock
 * drift and our failure limits, so a device is left where it is when:
 * <ul>
 *   <li>its learned drift is larger than the look around window: the phone's codes would be refused;</li>
 *   <li>it refuses codes now (a wait or a lockout after failures): exporting would hand the guesser a fresh start;</li>
 *   <li>its stored parameters are not ones the built-in check computes (never written by totp-guard).</li>
 * </ul>
 */
public final class ExportRules {

    private ExportRules() {
    }

    /**
     * Why the device cannot be exported, or empty when it can.
     *
     * @param data         the device's public data
     * @param window       the realm OTP policy's look around window
     * @param lockoutAfter the realm's strictest "lockout after failures"
     * @param nowMillis    the current time, epoch milliseconds
     */
    public static Optional<String> refusal(TotpGuardCredentialModel.Data data, int window, int lockoutAfter,
                                           long nowMillis) {
        try {
            HmacAlgorithm.fromName(data.algorithm());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.of("unsupported algorithm: the built-in check computes SHA1, SHA256 and SHA512 only");
        }
        if (data.digits() < 6 || data.digits() > 8) {
            return Optional.of("unsupported digits " + data.digits() + ": the built-in check computes 6 to 8");
        }
        if (data.period() < 1) {
            return Optional.of("unsupported period " + data.period());
        }
        Standing standing = Standing.of(data.failures(), data.waitUntil(), lockoutAfter, nowMillis);
        if (standing == Standing.LOCKED_OUT) {
            return Optional.of("locked after " + data.failures() + " failures: unlock the user (POST users/{userId}/unlock)"
                    + " if the failures were the user's, then export again");
        }
        if (standing == Standing.WAITING) {
            return Optional.of("waiting after " + data.failures() + " failures: export again when the wait is over");
        }
        if (Math.abs(data.drift()) > window) {
            return Optional.of("the phone's clock is " + Math.abs(data.drift()) + " steps " + (data.drift() > 0 ? "ahead"
                    : "behind") + " (learned drift) and the built-in check accepts " + window + " either way and learns"
                    + " no drift: raise the realm OTP policy's look around window to at least " + Math.abs(data.drift())
                    + " and export again, or let the user set up Keycloak's OTP anew");
        }
        return Optional.empty();
    }
}
