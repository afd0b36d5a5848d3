package dev.totpguard.it;

import java.time.Instant;
import java.util.Locale;

import org.keycloak.models.utils.HmacOTP;

/**
 * Codes from an implementation independent of ours (Keycloak's {@link HmacOTP}), for any step: tests move in time by
 * computing codes of other steps, never by sleeping.
 */
final class Codes {

    private Codes() {
    }

    static long currentStep(int period) {
        return Math.floorDiv(Instant.now().getEpochSecond(), period);
    }

    static String totp(byte[] key, long step, int digits, String hmac) {
        return new HmacOTP(digits, hmac, 0).generateOTP(key, String.format(Locale.ROOT, "%016X", step), digits, hmac);
    }

    static String sha1(byte[] key, long step) {
        return totp(key, step, 6, HmacOTP.HMAC_SHA1);
    }

    /** A 6-digit code that is none of the codes of steps {@code step-2 … step+2}. */
    static String wrong(byte[] key, long step) {
        for (int candidate = 123456; ; candidate = (candidate + 111111) % 1000000) {
            String c = String.format(Locale.ROOT, "%06d", candidate);
            boolean matches = false;
            for (long s = step - 2; s <= step + 2; s++) {
                matches |= c.equals(sha1(key, s));
            }
            if (!matches) {
                return c;
            }
        }
    }
}
