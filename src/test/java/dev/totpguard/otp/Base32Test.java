package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    /** RFC 4648 §10, with the padding the RFC shows. */
    static Stream<Arguments> matchesRfc4648TestVectors() {
        return Stream.of(
                Arguments.of("", ""),
                Arguments.of("f", "MY======"),
                Arguments.of("fo", "MZXQ===="),
                Arguments.of("foo", "MZXW6==="),
                Arguments.of("foob", "MZXW6YQ="),
                Arguments.of("fooba", "MZXW6YTB"),
                Arguments.of("foobar", "MZXW6YTBOI======"));
    }

    @ParameterizedTest(name = "\"{0}\" <-> {1}")
    @MethodSource
    void matchesRfc4648TestVectors(String plain, String padded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        String unpadded = padded.replace("=", "");
        assertEquals(unpadded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(padded));
        assertArrayEquals(bytes, Base32.decode(unpadded));
    }

    @Test
    void roundTripsRandomData() {
        Random random = new Random(20250601);
        for (int length = 0; length <= 100; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String encoded = Base32.encode(data);
            assertEquals(encoded.toUpperCase(java.util.Locale.ROOT), encoded);
            assertFalse(encoded.contains("="));
            assertArrayEquals(data, Base32.decode(encoded));
            assertArrayEquals(data, Base32.decode(encoded.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void decodesIgnoringCase() {
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("mzxw6ytboi"));
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("MzXw6YtBoI"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6YT1", "MZXW6YT8", "MZXW6YT0", "MZXW 6YTB", "MZXW-6YTB", "MZXW6YTB\n", "MZXW6YT\u00C4",
            "MZXW6YT\uFF22", "MZXW6YT\u0000", "MZXW6+TB", "MZXW6/TB"})
    void rejectsBadCharactersWithoutEchoingThem(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(input));
        assertFalse(e.getMessage().contains("MZXW"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "MY=", "MY=======", "MZXQ=", "M=Y=====", "=MY",
            "MZXW6YTB========"})
    void rejectsImpossibleLengthsAndPadding(String input) {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(input));
    }

    @Test
    void rejectsNonZeroTrailingBits() {
        // "MY" is "f" (bits 01100 110|00); "MZ" sets an unused bit
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZ"));
    }

    @Test
    void lenientDecodingSkipsOnlySpacesAndHyphens() {
        byte[] expected = Base32.decode("JBSWY3DPEHPK3PXP");
        assertArrayEquals(expected, Base32.decodeLenient("JBSW Y3DP EHPK 3PXP"));
        assertArrayEquals(expected, Base32.decodeLenient("jbsw-y3dp-ehpk-3pxp"));
        assertArrayEquals(expected, Base32.decodeLenient(" JBSW  Y3DP-EHPK 3PXP "));
        assertThrows(IllegalArgumentException.class, () -> Base32.decodeLenient("JBSW\tY3DP"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decodeLenient("JBSW_Y3DP"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decodeLenient("JBSW\u00A0Y3DP"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("JBSW Y3DP EHPK 3PXP"));
    }

    @Test
    void groupsForDisplay() {
        assertEquals("ABCD EFGH IJ", Base32.group("ABCDEFGHIJ", 4));
        assertEquals("ABCD EFGH", Base32.group("ABCDEFGH", 4));
        assertEquals("", Base32.group("", 4));
        assertEquals("A B C", Base32.group("ABC", 1));
        assertThrows(IllegalArgumentException.class, () -> Base32.group("ABC", 0));
        String secret = Base32.encode(new byte[20]);
        assertArrayEquals(new byte[20], Base32.decodeLenient(Base32.group(secret, 4)));
    }
}
