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
        return currentStep(period, 0);
    }

    /** The server's current step when its clock runs {@code offsetSeconds} ahead (Keycloak's time offset). */
    static long currentStep(int period, int offsetSeconds) {
        return Math.floorDiv(Instant.now().getEpochSecond() + offsetSeconds, period);
    }

    /**
     * Waits, at most a few seconds, until the (offset) clock is not about to cross a 30-second step boundary, so that a
     * code computed for "step T+2" is still T+2 when the server checks it. Never waits through a step.
     */
    static void awayFromStepBoundary(int offsetSeconds) {
        long second = Math.floorMod(Instant.now().getEpochSecond() + offsetSeconds, 30);
        if (second >= 26) {
            try {
                Thread.sleep((30 - second) * 1000L + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
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
