package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HotpTest {
    private static final byte[] RFC4226_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 4226 Appendix D. */
    static Stream<Arguments> matchesRfc4226AppendixD() {
        int[] codes = {755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489};
        return Stream.iterate(0, i -> i + 1).limit(codes.length).map(i -> Arguments.of((long) i, codes[i]));
    }

    @ParameterizedTest(name = "counter {0} -> {1}")
    @MethodSource
    void matchesRfc4226AppendixD(long counter, int expected) {
        Hotp hotp = new Hotp(HmacAlgorithm.SHA1, 6);
        assertEquals(expected, hotp.generate(RFC4226_SECRET, counter));
        assertEquals(String.valueOf(expected), hotp.format(hotp.generate(RFC4226_SECRET, counter)));
    }

    @Test
    void formatKeepsLeadingZeros() {
        assertEquals("000123", new Hotp(HmacAlgorithm.SHA1, 6).format(123));
        assertEquals("0000000", new Hotp(HmacAlgorithm.SHA1, 7).format(0));
        assertEquals("00000001", new Hotp(HmacAlgorithm.SHA1, 8).format(1));
        assertEquals("99999999", new Hotp(HmacAlgorithm.SHA1, 8).format(99_999_999));
    }

    @Test
    void formatRejectsOutOfRangeCodeWithoutPrintingIt() {
        Hotp hotp = new Hotp(HmacAlgorithm.SHA1, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hotp.format(1_234_567));
        assertFalse(e.getMessage().contains("1234567"));
        assertThrows(IllegalArgumentException.class, () -> hotp.format(-1));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 5, 9, 10})
    void rejectsDigitsOutsideSixToEight(int digits) {
        assertThrows(IllegalArgumentException.class, () -> new Hotp(HmacAlgorithm.SHA1, digits));
    }

    @Test
    void rejectsEmptyOrNullKey() {
        Hotp hotp = new Hotp(HmacAlgorithm.SHA256, 6);
        assertThrows(IllegalArgumentException.class, () -> hotp.generate(new byte[0], 1));
        assertThrows(NullPointerException.class, () -> hotp.generate(null, 1));
        assertThrows(NullPointerException.class, () -> new Hotp(null, 6));
    }

    @Test
    void usesTheFullSixtyFourBitCounterBigEndian() {
        // expected values from oathtool -c 4294967297 / -c 18446744073709551615
        assertEquals(108930, new Hotp(HmacAlgorithm.SHA1, 6).generate(RFC4226_SECRET, (1L << 32) + 1));
        assertEquals("63094451", new Hotp(HmacAlgorithm.SHA1, 8).format(
                new Hotp(HmacAlgorithm.SHA1, 8).generate(RFC4226_SECRET, -1L)));
    }

    @Test
    void doesNotModifyTheKey() {
        byte[] key = RFC4226_SECRET.clone();
        new Hotp(HmacAlgorithm.SHA512, 8).generate(key, 42);
        assertEquals(new String(RFC4226_SECRET, StandardCharsets.US_ASCII), new String(key, StandardCharsets.US_ASCII));
    }
}
