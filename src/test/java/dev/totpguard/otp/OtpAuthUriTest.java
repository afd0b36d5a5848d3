package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void buildsTheKeyUriFormat() {
        String uri = OtpAuthUri.totp("ACME", "alice", SECRET, HmacAlgorithm.SHA1, 6, 30).toUriString();
        assertEquals("otpauth://totp/ACME:alice?secret=" + SECRET_B32
                + "&issuer=ACME&algorithm=SHA1&digits=6&period=30", uri);
    }

    @Test
    void percentEncodesSpacesAndColonsInIssuerAndAccount() {
        String uri = OtpAuthUri.totp("ACME Co: Prod", "alice smith@example.com", SECRET, HmacAlgorithm.SHA256, 8, 60)
                .toUriString();
        assertEquals("otpauth://totp/ACME%20Co%3A%20Prod:alice%20smith%40example.com?secret=" + SECRET_B32
                + "&issuer=ACME%20Co%3A%20Prod&algorithm=SHA256&digits=8&period=60", uri);
        assertFalse(uri.contains("+"));
        ParsedOtpAuth parsed = OtpAuthUri.parse(uri);
        assertEquals("ACME Co: Prod", parsed.issuer());
        assertEquals("alice smith@example.com", parsed.account());
    }

    @Test
    void encodesNonAsciiAsUtf8() {
        String uri = OtpAuthUri.totp("Café", "jürgen", SECRET, HmacAlgorithm.SHA1, 6, 30).toUriString();
        assertEquals("otpauth://totp/Caf%C3%A9:j%C3%BCrgen?secret=" + SECRET_B32
                + "&issuer=Caf%C3%A9&algorithm=SHA1&digits=6&period=30", uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void omitsBlankIssuer(String issuer) {
        String uri = OtpAuthUri.totp(issuer, "alice", SECRET, HmacAlgorithm.SHA1, 6, 30).toUriString();
        assertEquals("otpauth://totp/alice?secret=" + SECRET_B32 + "&algorithm=SHA1&digits=6&period=30", uri);
        assertNull(OtpAuthUri.parse(uri).issuer());
    }

    @Test
    void omitsNullIssuer() {
        String uri = OtpAuthUri.totp(null, "alice", SECRET, HmacAlgorithm.SHA1, 6, 30).toUriString();
        assertEquals("otpauth://totp/alice?secret=" + SECRET_B32 + "&algorithm=SHA1&digits=6&period=30", uri);
    }

    static Stream<Arguments> roundTripsThroughParse() {
        return Stream.of(
                Arguments.of("ACME", "alice", HmacAlgorithm.SHA1, 6, 30),
                Arguments.of("ACME Co: Prod", "bob:the:builder", HmacAlgorithm.SHA256, 7, 60),
                Arguments.of(null, "carol@example.com", HmacAlgorithm.SHA512, 8, 90),
                Arguments.of("Ünïcødé 🔐", "дмитрий", HmacAlgorithm.SHA1, 6, 15),
                Arguments.of("a&b=c?d#e/f%g+h", "x&y=z?#/%+", HmacAlgorithm.SHA256, 6, 30));
    }

    @ParameterizedTest
    @MethodSource
    void roundTripsThroughParse(String issuer, String account, HmacAlgorithm algorithm, int digits, int period) {
        byte[] secret = SecretGenerator.generate(algorithm);
        ParsedOtpAuth parsed = OtpAuthUri.parse(
                OtpAuthUri.totp(issuer, account, secret, algorithm, digits, period).toUriString());
        assertEquals(new ParsedOtpAuth(issuer, account, secret, algorithm, digits, period), parsed);
        assertArrayEquals(secret, parsed.secret());
        assertEquals(issuer, parsed.issuer());
        assertEquals(account, parsed.account());
        assertEquals(algorithm, parsed.algorithm());
        assertEquals(digits, parsed.digits());
        assertEquals(period, parsed.period());
    }

    @Test
    void parsesDefaultsAndIgnoresUnknownParameters() {
        ParsedOtpAuth parsed = OtpAuthUri.parse("otpauth://totp/alice?secret=" + SECRET_B32.toLowerCase(java.util.Locale.ROOT)
                + "&image=https%3A%2F%2Fexample.com%2Flogo.png");
        assertNull(parsed.issuer());
        assertEquals("alice", parsed.account());
        assertArrayEquals(SECRET, parsed.secret());
        assertEquals(HmacAlgorithm.SHA1, parsed.algorithm());
        assertEquals(6, parsed.digits());
        assertEquals(30, parsed.period());
        assertEquals("Totp[SHA1, 6 digits, 30 s, T0=0]", parsed.toTotp().toString());
    }

    @Test
    void acceptsEncodedColonSeparatorWhenIssuerParameterMatches() {
        ParsedOtpAuth parsed = OtpAuthUri.parse("otpauth://totp/Example%3Aalice?secret=" + SECRET_B32 + "&issuer=Example");
        assertEquals("Example", parsed.issuer());
        assertEquals("alice", parsed.account());
    }

    @Test
    void takesIssuerFromLabelWhenParameterAbsent() {
        ParsedOtpAuth parsed = OtpAuthUri.parse("OTPAUTH://TOTP/Example:alice?secret=" + SECRET_B32);
        assertEquals("Example", parsed.issuer());
        assertEquals("alice", parsed.account());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1",
            "https://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:alice",
            "otpauth://totp/ACME:alice?issuer=ACME",
            "otpauth://totp/ACME:alice?secret=",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&secret=GEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Other",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=9",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=5",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=+6",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=06",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=%D9%A6",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=0",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=-30",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=9999999999",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=HmacSHA1",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ#fragment",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&&digits=6",
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits",
            "otpauth://totp/ACME:alice bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:alicé?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:al%ZZice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:alice%?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:al%C3ice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:a:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME:?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/ACME/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            ""})
    void rejectsInvalidUrisWithoutEchoingTheSecret(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse(uri));
        assertFalse(e.getMessage().contains("GEZDGNBV"), e.getMessage());
        assertFalse(e.getMessage().contains("alice"), e.getMessage());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        OtpAuthUri uri = OtpAuthUri.totp("ACME", "alice", SECRET, HmacAlgorithm.SHA1, 6, 30);
        ParsedOtpAuth parsed = OtpAuthUri.parse(uri.toUriString());
        for (String text : new String[] {uri.toString(), parsed.toString()}) {
            assertFalse(text.contains(SECRET_B32), text);
            assertFalse(text.contains("1234567890"), text);
            assertFalse(text.contains("GEZD"), text);
        }
    }

    @Test
    void copiesTheSecret() {
        byte[] secret = SECRET.clone();
        OtpAuthUri uri = OtpAuthUri.totp("ACME", "alice", secret, HmacAlgorithm.SHA1, 6, 30);
        secret[0] = 0;
        ParsedOtpAuth parsed = OtpAuthUri.parse(uri.toUriString());
        assertArrayEquals(SECRET, parsed.secret());
        parsed.secret()[0] = 0;
        assertArrayEquals(SECRET, parsed.secret());
    }

    @Test
    void rejectsInvalidBuilderArguments() {
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.totp("ACME", " ", SECRET, HmacAlgorithm.SHA1, 6, 30));
        assertThrows(NullPointerException.class, () -> OtpAuthUri.totp("ACME", null, SECRET, HmacAlgorithm.SHA1, 6, 30));
        assertThrows(IllegalArgumentException.class,
                () -> OtpAuthUri.totp("ACME", "alice", new byte[0], HmacAlgorithm.SHA1, 6, 30));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.totp("ACME", "alice", SECRET, HmacAlgorithm.SHA1, 9, 30));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.totp("ACME", "alice", SECRET, HmacAlgorithm.SHA1, 6, 0));
        assertThrows(IllegalArgumentException.class,
                () -> OtpAuthUri.totp("AC\uD800ME", "alice", SECRET, HmacAlgorithm.SHA1, 6, 30));
    }
}
