package dev.totpguard.otp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Base32 (RFC 4648 §6, alphabet {@code A-Z2-7}), as used for TOTP secrets.
 * Error messages never contain the input, which is usually a secret.
 */
public final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = (byte) i;
        }
    }

    private Base32() {
    }

    /** Upper case, without padding. */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 0x1f]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /**
     * Strict decoding: letters in either case, optional {@code =} padding (complete, at the end only), nothing
     * else; unused trailing bits must be zero.
     *
     * @throws IllegalArgumentException on any other character or an impossible length
     */
    public static byte[] decode(CharSequence text) {
        return decode(text, false);
    }

    /**
     * Like {@link #decode} but skips spaces and hyphens, for keys typed by people ({@code "JBSW Y3DP-EHPK 3PXP"}).
     */
    public static byte[] decodeLenient(CharSequence text) {
        return decode(text, true);
    }

    /**
     * Groups a Base32 string for display: {@code group("ABCDEFGHIJ", 4)} is {@code "ABCD EFGH IJ"}.
     *
     * @throws IllegalArgumentException if size is less than 1
     */
    public static String group(String base32, int size) {
        Objects.requireNonNull(base32, "base32");
        if (size < 1) {
            throw new IllegalArgumentException("group size must be at least 1");
        }
        StringBuilder out = new StringBuilder(base32.length() + base32.length() / size);
        for (int i = 0; i < base32.length(); i++) {
            if (i > 0 && i % size == 0) {
                out.append(' ');
            }
            out.append(base32.charAt(i));
        }
        return out.toString();
    }

    private static byte[] decode(CharSequence text, boolean lenient) {
        Objects.requireNonNull(text, "text");
        int length = text.length();
        int symbols = 0;
        int padding = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (lenient && (c == ' ' || c == '-')) {
                continue;
            }
            if (c == '=') {
                padding++;
            } else if (padding > 0) {
                throw new IllegalArgumentException("Base32: padding must be at the end");
            } else if (c >= 128 || VALUES[c] < 0) {
                throw new IllegalArgumentException("Base32: invalid character at position " + i);
            } else {
                symbols++;
            }
        }
        int tail = symbols % 8;
        if (tail == 1 || tail == 3 || tail == 6) {
            throw new IllegalArgumentException("Base32: impossible length");
        }
        if (padding != 0 && padding != (8 - tail) % 8) {
            throw new IllegalArgumentException("Base32: wrong padding");
        }
        byte[] out = new byte[(int) ((long) symbols * 5 / 8)];
        int buffer = 0;
        int bits = 0;
        int j = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '=' || c == ' ' || c == '-') {
                continue; // '=' only at the end; ' ' and '-' only reach here when lenient
            }
            buffer = (buffer << 5) | VALUES[c];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[j++] = (byte) (buffer >>> bits);
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            throw new IllegalArgumentException("Base32: non-zero trailing bits");
        }
        if (j != out.length) {
            throw new AssertionError("decoded " + j + " bytes, expected " + out.length);
        }
        return out;
    }
}
