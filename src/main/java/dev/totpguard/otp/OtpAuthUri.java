package dev.totpguard.otp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code otpauth://totp/} URI read by authenticator apps (Google's Key Uri Format):
 * {@code otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}.
 *
 * <p>Issuer and account are percent-encoded as UTF-8 (RFC 3986: everything but {@code A-Z a-z 0-9 - . _ ~},
 * so a space is {@code %20} and a colon inside a name is {@code %3A}); the label separator is a literal colon.
 * {@link #toString()} leaves out the secret.
 */
public final class OtpAuthUri {
    private static final String PREFIX = "otpauth://totp/";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String issuer;
    private final String accountName;
    private final byte[] secret;
    private final HmacAlgorithm algorithm;
    private final int digits;
    private final int periodSeconds;

    private OtpAuthUri(String issuer, String accountName, byte[] secret, HmacAlgorithm algorithm, int digits,
            int periodSeconds) {
        this.issuer = issuer == null || issuer.isBlank() ? null : checkUnicode(issuer, "issuer");
        Objects.requireNonNull(accountName, "accountName");
        if (accountName.isBlank()) {
            throw new IllegalArgumentException("accountName must not be blank");
        }
        this.accountName = checkUnicode(accountName, "accountName");
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        this.secret = secret.clone();
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.digits = Hotp.checkDigits(digits);
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("periodSeconds must be at least 1");
        }
        this.periodSeconds = periodSeconds;
    }

    /**
     * A TOTP URI.
     *
     * @param issuer service name shown by the app; null or blank for none (then the label is the account alone)
     * @param accountName user name shown by the app, not blank
     * @param secret shared secret, not empty (copied)
     * @throws IllegalArgumentException if a value is invalid
     */
    public static OtpAuthUri totp(String issuer, String accountName, byte[] secret, HmacAlgorithm algorithm,
            int digits, int periodSeconds) {
        return new OtpAuthUri(issuer, accountName, secret, algorithm, digits, periodSeconds);
    }

    /** The URI to put into a QR code. Contains the secret. */
    public String toUriString() {
        StringBuilder uri = new StringBuilder(128).append(PREFIX);
        if (issuer != null) {
            percentEncode(issuer, uri);
            uri.append(':');
        }
        percentEncode(accountName, uri);
        uri.append("?secret=").append(Base32.encode(secret));
        if (issuer != null) {
            percentEncode(issuer, uri.append("&issuer="));
        }
        uri.append("&algorithm=").append(algorithm.uriName());
        uri.append("&digits=").append(digits);
        uri.append("&period=").append(periodSeconds);
        return uri.toString();
    }

    /**
     * Strictly parses a TOTP URI. Accepts a literal colon as the label separator; a label without one is the
     * account, unless it starts with the {@code issuer} parameter followed by an encoded colon. If both the label
     * and the parameter name an issuer they must be equal. Missing {@code algorithm}, {@code digits},
     * {@code period} default to SHA1, 6, 30; unknown parameters are ignored, repeated ones rejected.
     *
     * @throws IllegalArgumentException on anything invalid; the message never contains the URI
     */
    public static ParsedOtpAuth parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("not an otpauth://totp/ URI");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                throw new IllegalArgumentException("character not allowed in the URI at position " + i);
            }
        }
        int query = uri.indexOf('?', PREFIX.length());
        if (query < 0) {
            throw new IllegalArgumentException("URI has no query: secret missing");
        }
        String rawLabel = uri.substring(PREFIX.length(), query);
        if (rawLabel.indexOf('/') >= 0) {
            throw new IllegalArgumentException("label must not contain '/'");
        }

        String secret = null;
        String issuerParam = null;
        String algorithm = null;
        String digits = null;
        String period = null;
        for (String pair : uri.substring(query + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed query parameter");
            }
            String name = pair.substring(0, eq);
            String value = percentDecode(pair.substring(eq + 1), "query parameter");
            switch (name) {
                case "secret" -> secret = once(secret, value, name);
                case "issuer" -> issuerParam = once(issuerParam, value, name);
                case "algorithm" -> algorithm = once(algorithm, value, name);
                case "digits" -> digits = once(digits, value, name);
                case "period" -> period = once(period, value, name);
                default -> {
                    // other parameters (image, …) are not ours to judge
                }
            }
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret missing");
        }
        if (issuerParam != null && issuerParam.isEmpty()) {
            throw new IllegalArgumentException("issuer parameter is empty");
        }

        String labelIssuer;
        String account;
        int colon = rawLabel.indexOf(':');
        if (colon >= 0) {
            if (rawLabel.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("label has more than one ':'");
            }
            labelIssuer = percentDecode(rawLabel.substring(0, colon), "label");
            account = percentDecode(rawLabel.substring(colon + 1), "label");
            if (labelIssuer.isEmpty()) {
                throw new IllegalArgumentException("label issuer is empty");
            }
        } else {
            labelIssuer = null;
            account = percentDecode(rawLabel, "label");
            // other generators encode the separator as %3A
            if (issuerParam != null && account.startsWith(issuerParam + ":")) {
                labelIssuer = issuerParam;
                account = account.substring(issuerParam.length() + 1);
            }
        }
        if (account.isEmpty()) {
            throw new IllegalArgumentException("account name is empty");
        }
        if (labelIssuer != null && issuerParam != null && !labelIssuer.equals(issuerParam)) {
            throw new IllegalArgumentException("issuer in the label differs from the issuer parameter");
        }
        String issuer = issuerParam != null ? issuerParam : labelIssuer;

        byte[] key = Base32.decode(secret);
        HmacAlgorithm hmac = algorithm == null ? HmacAlgorithm.SHA1 : HmacAlgorithm.fromUriName(algorithm);
        int digitCount = digits == null ? 6 : parsePositive(digits, 1, "digits");
        int periodSeconds = period == null ? 30 : parsePositive(period, 9, "period");
        return new ParsedOtpAuth(issuer, account, key, hmac, digitCount, periodSeconds);
    }

    @Override
    public String toString() {
        return "OtpAuthUri[issuer=" + issuer + ", account=" + accountName + ", algorithm=" + algorithm
                + ", digits=" + digits + ", period=" + periodSeconds + "]";
    }

    private static String once(String previous, String value, String name) {
        if (previous != null) {
            throw new IllegalArgumentException("parameter '" + name + "' repeated");
        }
        return value;
    }

    /** ASCII digits only, no sign, no leading zero, at most maxLength characters. */
    private static int parsePositive(String text, int maxLength, String name) {
        if (text.isEmpty() || text.length() > maxLength || text.charAt(0) == '0') {
            throw new IllegalArgumentException("invalid " + name);
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid " + name);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String checkUnicode(String text, String name) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return text;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + " is not valid Unicode (unpaired surrogate)");
        }
    }

    private static void percentEncode(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
            }
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static String percentDecode(String text, String where) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding in " + where);
                }
                int hi = hexValue(text.charAt(i + 1));
                int lo = hexValue(text.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-encoding in " + where);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c); // ASCII only: checked by parse
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8 in " + where);
        }
    }
}
