package dev.totpguard.otp;

import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;

/** The HMAC functions allowed by RFC 6238: SHA-1 (the RFC 4226 default), SHA-256 and SHA-512. */
public enum HmacAlgorithm {
    SHA1("HmacSHA1", "SHA1", 20),
    SHA256("HmacSHA256", "SHA256", 32),
    SHA512("HmacSHA512", "SHA512", 64);

    private final String macName;
    private final String uriName;
    private final int macLength;
    // Mac.getInstance is slow (provider lookup) and a Mac is not thread-safe: one per thread and algorithm.
    private final ThreadLocal<MacState> macState;

    HmacAlgorithm(String macName, String uriName, int macLength) {
        this.macName = macName;
        this.uriName = uriName;
        this.macLength = macLength;
        this.macState = ThreadLocal.withInitial(() -> new MacState(newMac(macName), macName));
    }

    /** JCA name, e.g. {@code HmacSHA1}. */
    public String macName() {
        return macName;
    }

    /** Name used by the {@code algorithm} parameter of an {@code otpauth://} URI, e.g. {@code SHA1}. */
    public String uriName() {
        return uriName;
    }

    /** Length of the HMAC output in bytes: 20, 32 or 64. */
    public int macLength() {
        return macLength;
    }

    /**
     * Accepts {@code SHA1}, {@code SHA256}, {@code SHA512} and Keycloak's {@code HmacSHA1}, {@code HmacSHA256},
     * {@code HmacSHA512}, ignoring case.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static HmacAlgorithm fromName(String name) {
        Objects.requireNonNull(name, "name");
        for (HmacAlgorithm algorithm : values()) {
            if (algorithm.uriName.equalsIgnoreCase(name) || algorithm.macName.equalsIgnoreCase(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported HMAC algorithm; expected one of SHA1, SHA256, SHA512");
    }

    /** Like {@link #fromName} but only the URI names ({@code SHA1}…), ignoring case. */
    static HmacAlgorithm fromUriName(String name) {
        for (HmacAlgorithm algorithm : values()) {
            if (algorithm.uriName.equals(name.toUpperCase(Locale.ROOT))) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported algorithm parameter; expected SHA1, SHA256 or SHA512");
    }

    /** This thread's Mac for this algorithm, with an 8-byte counter buffer. */
    MacState macState() {
        return macState.get();
    }

    private static Mac newMac(String macName) {
        try {
            return Mac.getInstance(macName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(macName + " is not available in this Java runtime", e);
        }
    }
}
