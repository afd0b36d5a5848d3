package dev.totpguard.otp;

import java.util.Objects;

/** HOTP (RFC 4226): an HMAC of a 64-bit counter, dynamically truncated to 6–8 decimal digits. Immutable, thread-safe. */
public final class Hotp {
    static final int MIN_DIGITS = 6;
    static final int MAX_DIGITS = 8;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final HmacAlgorithm algorithm;
    private final int digits;
    private final int modulus;

    /**
     * @param digits code length, 6 to 8
     * @throws IllegalArgumentException if digits is out of range
     * @throws IllegalStateException if the Java runtime lacks the HMAC algorithm
     */
    public Hotp(HmacAlgorithm algorithm, int digits) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.digits = checkDigits(digits);
        this.modulus = POWERS_OF_TEN[digits];
        algorithm.macState(); // fail here, not at the first sign-in, if the runtime lacks the algorithm
    }

    public HmacAlgorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    /**
     * The code for a counter value (RFC 4226 §5.3), as a number below 10^digits.
     *
     * @param key the shared secret, not empty; not modified or kept
     */
    public int generate(byte[] key, long counter) {
        checkKey(key);
        MacState state = algorithm.macState();
        state.init(key);
        return truncate(state.hmac(counter), modulus);
    }

    /**
     * The code as the user sees it: {@code digits} ASCII digits, zero-padded.
     *
     * @throws IllegalArgumentException if the code is negative or has more than {@code digits} digits
     */
    public String format(int code) {
        if (code < 0 || code >= modulus) {
            throw new IllegalArgumentException("code out of range for " + digits + " digits");
        }
        char[] chars = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            chars[i] = (char) ('0' + code % 10);
            code /= 10;
        }
        return new String(chars);
    }

    /** 10^digits. */
    int modulus() {
        return modulus;
    }

    /** Dynamic truncation (RFC 4226 §5.3) reduced modulo 10^digits. */
    static int truncate(byte[] hmac, int modulus) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        int binary = (hmac[offset] & 0x7f) << 24
                | (hmac[offset + 1] & 0xff) << 16
                | (hmac[offset + 2] & 0xff) << 8
                | (hmac[offset + 3] & 0xff);
        return binary % modulus;
    }

    static int checkDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS);
        }
        return digits;
    }

    static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }
}
