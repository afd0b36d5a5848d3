package dev.totpguard.otp;

import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One thread's Mac and counter buffer. Not thread-safe: reached only through {@link HmacAlgorithm#macState()}. */
final class MacState {
    private final Mac mac;
    private final String macName;
    private final byte[] counter = new byte[8];

    MacState(Mac mac, String macName) {
        this.mac = mac;
        this.macName = macName;
    }

    /** Keys the Mac; it stays keyed for any number of {@link #hmac} calls (doFinal resets only the message). */
    void init(byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, macName));
        } catch (InvalidKeyException e) {
            throw new AssertionError("HMAC accepts any non-empty raw key", e);
        }
    }

    /** HMAC of the counter as a 64-bit big-endian integer (RFC 4226 §5.2). */
    byte[] hmac(long value) {
        byte[] c = counter;
        c[0] = (byte) (value >>> 56);
        c[1] = (byte) (value >>> 48);
        c[2] = (byte) (value >>> 40);
        c[3] = (byte) (value >>> 32);
        c[4] = (byte) (value >>> 24);
        c[5] = (byte) (value >>> 16);
        c[6] = (byte) (value >>> 8);
        c[7] = (byte) value;
        return mac.doFinal(c);
    }
}
