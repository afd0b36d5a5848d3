package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacAlgorithmTest {

    @Test
    void exposesJcaAndUriNamesAndLengths() {
        assertEquals("HmacSHA1", HmacAlgorithm.SHA1.macName());
        assertEquals("HmacSHA256", HmacAlgorithm.SHA256.macName());
        assertEquals("HmacSHA512", HmacAlgorithm.SHA512.macName());
        assertEquals("SHA1", HmacAlgorithm.SHA1.uriName());
        assertEquals("SHA256", HmacAlgorithm.SHA256.uriName());
        assertEquals("SHA512", HmacAlgorithm.SHA512.uriName());
        assertEquals(20, HmacAlgorithm.SHA1.macLength());
        assertEquals(32, HmacAlgorithm.SHA256.macLength());
        assertEquals(64, HmacAlgorithm.SHA512.macLength());
    }

    static Stream<Arguments> acceptsUriAndKeycloakNamesIgnoringCase() {
        return Stream.of(
                Arguments.of("SHA1", HmacAlgorithm.SHA1),
                Arguments.of("sha1", HmacAlgorithm.SHA1),
                Arguments.of("HmacSHA1", HmacAlgorithm.SHA1),
                Arguments.of("HMACSHA1", HmacAlgorithm.SHA1),
                Arguments.of("SHA256", HmacAlgorithm.SHA256),
                Arguments.of("hmacsha256", HmacAlgorithm.SHA256),
                Arguments.of("Sha512", HmacAlgorithm.SHA512),
                Arguments.of("HmacSHA512", HmacAlgorithm.SHA512));
    }

    @ParameterizedTest
    @MethodSource
    void acceptsUriAndKeycloakNamesIgnoringCase(String name, HmacAlgorithm expected) {
        assertEquals(expected, HmacAlgorithm.fromName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MD5", "SHA-1", "SHA1 ", " SHA1", "HmacMD5", "SHA384", "HmacSHA1\u0000"})
    void rejectsUnknownNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> HmacAlgorithm.fromName(name));
    }

    @Test
    void rejectsNullName() {
        assertThrows(NullPointerException.class, () -> HmacAlgorithm.fromName(null));
    }
}
