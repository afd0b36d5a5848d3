package dev.totpguard.exit;

import java.util.ArrayList;
import java.util.List;

/**
 * Which steps Keycloak's built-in OTP check must treat as used after an export, and for how long: pure arithmetic.
 *
 * <p>Keycloak 26.7's {@code OTPCredentialProvider.isValid} accepts a TOTP code of the credential's own algorithm,
 * digits and period from the steps {@code T - w … T + w} (T: the server's step, w: the realm OTP policy's look around
 * window) and, unless the policy makes codes reusable, remembers an accepted code for {@code period × (2w + 1)} seconds
 * in the single-use store under {@code <credentialId>.<code>}; it has no last accepted step. Every step up to the
 * device's last accepted one that the built-in window accepts now or will accept later is marked under that key, for
 * as long as the window can still reach it: step {@code s} is accepted until the end of step {@code s + w}.
 */
public final class ReplayMarks {

    /**
     * At most this many marks per device. The steps marked run from {@code T - w} to the last accepted step, which is at
     * most a few steps ahead of T (our window plus a drift the export accepts, see {@link ExportRules}); a larger count
     * means a last step far in the future, which no phone's code reaches.
     */
    static final int MAX_MARKS = 64;

    /** One step to mark as used, and for how many seconds the built-in window can still accept its code. */
    public record Mark(long step, long lifespanSeconds) {
    }

    private ReplayMarks() {
    }

    /**
     * The steps to mark: from the oldest step the built-in window accepts now ({@code T - window}) to {@code lastStep},
     * each with the seconds until the window has passed it (at least 1).
     *
     * @param lastStep      the device's last accepted step
     * @param nowSeconds    the current time, epoch seconds
     * @param periodSeconds the device's period
     * @param window        the realm OTP policy's look around window (0 or more)
     * @throws IllegalArgumentException for a period under 1 s, a negative window, or more than {@value #MAX_MARKS}
     *                                  steps to mark
     */
    public static List<Mark> of(long lastStep, long nowSeconds, int periodSeconds, int window) {
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("period must be at least 1 second");
        }
        if (window < 0) {
            throw new IllegalArgumentException("look around window must not be negative");
        }
        long current = Math.floorDiv(nowSeconds, periodSeconds);
        long first = current - window;
        if (lastStep < first) {
            return List.of();
        }
        if (lastStep - first + 1 > MAX_MARKS) {
            throw new IllegalArgumentException("the last accepted step is " + (lastStep - current)
                    + " steps ahead of the server's clock");
        }
        List<Mark> marks = new ArrayList<>();
        for (long step = first; step <= lastStep; step++) {
            long until = (step + window + 1) * periodSeconds;
            marks.add(new Mark(step, Math.max(1, until - nowSeconds)));
        }
        return marks;
    }

    /** The single-use store key under which the built-in check records an accepted code of a credential. */
    public static String key(String otpCredentialId, String code) {
        return otpCredentialId + "." + code;
    }
}
