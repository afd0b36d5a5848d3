package dev.totpguard.remember;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret a remembered browser holds in its cookie: 256 random bits from a CSPRNG, Base64url without padding. The
 * server keeps only its SHA-256 hash, so a database dump or export does not let anyone skip a prompt. Pure JDK.
 */
final class RememberToken {

    static final int BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private RememberToken() {
    }

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a cookie value can be a token at all (checked before any hashing or lookup). */
    static boolean wellFormed(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** The stored form: lowercase hex SHA-256 of the token's characters. */
    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time comparison of the token's hash with a stored hash (no early exit on the first differing byte). */
    static boolean matches(String token, String storedHash) {
        if (!wellFormed(token) || storedHash == null || !storedHash.matches("[0-9a-f]{64}")) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), HexFormat.of().parseHex(storedHash));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required of every JDK", e);
        }
    }
}
