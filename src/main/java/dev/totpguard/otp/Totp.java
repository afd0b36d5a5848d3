package dev.totpguard.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * TOTP (RFC 6238): HOTP whose counter is the time step {@code floor((now - T0) / period)}.
 * Holds no clock: callers pass the instant. Immutable, thread-safe.
 */
public final class Totp {
    private static final Totp DEFAULTS = new Totp(HmacAlgorithm.SHA1, 6, 30, 0);

    private final Hotp hotp;
    private final int periodSeconds;
    private final long t0EpochSeconds;

    /**
     * @param digits code length, 6 to 8
     * @param periodSeconds step length in seconds, at least 1
     * @param t0EpochSeconds start of step 0 (RFC 6238 T0), within the range of {@link Instant}
     * @throws IllegalArgumentException if a value is out of range
     */
    public Totp(HmacAlgorithm algorithm, int digits, int periodSeconds, long t0EpochSeconds) {
        this.hotp = new Hotp(Objects.requireNonNull(algorithm, "algorithm"), digits);
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("periodSeconds must be at least 1");
        }
        // keeps (epochSecond - T0) within a long for every Instant
        if (t0EpochSeconds < Instant.MIN.getEpochSecond() || t0EpochSeconds > Instant.MAX.getEpochSecond()) {
            throw new IllegalArgumentException("t0EpochSeconds outside the range of Instant");
        }
        this.periodSeconds = periodSeconds;
        this.t0EpochSeconds = t0EpochSeconds;
    }

    /** SHA1, 6 digits, 30 seconds, T0 = 0: what authenticator apps assume when the URI says nothing. */
    public static Totp defaults() {
        return DEFAULTS;
    }

    public HmacAlgorithm algorithm() {
        return hotp.algorithm();
    }

    public int digits() {
        return hotp.digits();
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    public long t0EpochSeconds() {
        return t0EpochSeconds;
    }

    /** The time step containing {@code now}: {@code floorDiv(epochSecond - T0, period)}; negative before T0. */
    public long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond() - t0EpochSeconds, (long) periodSeconds);
    }

    /**
     * First instant of a step.
     *
     * @throws ArithmeticException or {@link java.time.DateTimeException} if the step lies outside {@link Instant}
     */
    public Instant stepStart(long step) {
        return Instant.ofEpochSecond(Math.addExact(Math.multiplyExact(step, (long) periodSeconds), t0EpochSeconds));
    }

    /** The code for a step, as a number below 10^digits. */
    public int generate(byte[] key, long step) {
        return hotp.generate(key, step);
    }

    /** The code for a step as the user sees it, zero-padded to {@code digits}. */
    public String generateString(byte[] key, long step) {
        return hotp.format(hotp.generate(key, step));
    }

    /** Zero-pads a code to {@code digits} ASCII digits. */
    public String format(int code) {
        return hotp.format(code);
    }

    int modulus() {
        return hotp.modulus();
    }

    @Override
    public String toString() {
        return "Totp[" + algorithm().uriName() + ", " + digits() + " digits, " + periodSeconds + " s, T0=" + t0EpochSeconds + "]";
    }
}
