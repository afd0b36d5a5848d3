package dev.totpguard.otp;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Random TOTP secrets: 160 bits for SHA1 (RFC 4226 §4 R6 recommends 160), the HMAC output length otherwise
 * (256 bits for SHA256, 512 for SHA512).
 */
public final class SecretGenerator {
    private static final SecureRandom RANDOM = new SecureRandom(); // SecureRandom is thread-safe

    private SecretGenerator() {
    }

    /** Secret length in bytes for an algorithm: 20, 32 or 64. */
    public static int length(HmacAlgorithm algorithm) {
        return algorithm.macLength();
    }

    /** A new secret from the given CSPRNG. */
    public static byte[] generate(HmacAlgorithm algorithm, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(random, "random");
        byte[] secret = new byte[length(algorithm)];
        random.nextBytes(secret);
        return secret;
    }

    /** A new secret from a shared {@code new SecureRandom()}. */
    public static byte[] generate(HmacAlgorithm algorithm) {
        return generate(algorithm, RANDOM);
    }
}
