package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TotpTest {
    static final byte[] SEED_SHA1 = ascii("12345678901234567890");
    static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");
    static final byte[] SEED_SHA512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] seed(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };
    }

    /** RFC 6238 Appendix B: time (s), expected 8-digit code, algorithm. */
    static Stream<Arguments> matchesRfc6238AppendixB() {
        return Stream.of(
                Arguments.of(59L, "94287082", HmacAlgorithm.SHA1),
                Arguments.of(59L, "46119246", HmacAlgorithm.SHA256),
                Arguments.of(59L, "90693936", HmacAlgorithm.SHA512),
                Arguments.of(1111111109L, "07081804", HmacAlgorithm.SHA1),
                Arguments.of(1111111109L, "68084774", HmacAlgorithm.SHA256),
                Arguments.of(1111111109L, "25091201", HmacAlgorithm.SHA512),
                Arguments.of(1111111111L, "14050471", HmacAlgorithm.SHA1),
                Arguments.of(1111111111L, "67062674", HmacAlgorithm.SHA256),
                Arguments.of(1111111111L, "99943326", HmacAlgorithm.SHA512),
                Arguments.of(1234567890L, "89005924", HmacAlgorithm.SHA1),
                Arguments.of(1234567890L, "91819424", HmacAlgorithm.SHA256),
                Arguments.of(1234567890L, "93441116", HmacAlgorithm.SHA512),
                Arguments.of(2000000000L, "69279037", HmacAlgorithm.SHA1),
                Arguments.of(2000000000L, "90698825", HmacAlgorithm.SHA256),
                Arguments.of(2000000000L, "38618901", HmacAlgorithm.SHA512),
                Arguments.of(20000000000L, "65353130", HmacAlgorithm.SHA1),
                Arguments.of(20000000000L, "77737706", HmacAlgorithm.SHA256),
                Arguments.of(20000000000L, "47863826", HmacAlgorithm.SHA512));
    }

    @ParameterizedTest(name = "{2} at {0} -> {1}")
    @MethodSource
    void matchesRfc6238AppendixB(long epochSecond, String expected, HmacAlgorithm algorithm) {
        Totp totp = new Totp(algorithm, 8, 30, 0);
        long step = totp.step(Instant.ofEpochSecond(epochSecond));
        assertEquals(expected, totp.generateString(seed(algorithm), step));
        assertEquals(Integer.parseInt(expected), totp.generate(seed(algorithm), step));
    }

    /** Year 2603: beyond 2^32 seconds, and beyond 2038 and 2106. RFC 6238's last vector. */
    static Stream<Arguments> worksInYear2603() {
        return Stream.of(
                Arguments.of(HmacAlgorithm.SHA1, "65353130"),
                Arguments.of(HmacAlgorithm.SHA256, "77737706"),
                Arguments.of(HmacAlgorithm.SHA512, "47863826"));
    }

    @ParameterizedTest
    @MethodSource
    void worksInYear2603(HmacAlgorithm algorithm, String expected) {
        Instant now = Instant.parse("2603-10-11T11:33:20Z");
        assertEquals(20_000_000_000L, now.getEpochSecond());
        Totp totp = new Totp(algorithm, 8, 30, 0);
        assertEquals(666_666_666L, totp.step(now));
        assertEquals(expected, totp.generateString(seed(algorithm), totp.step(now)));
    }

    @Test
    void stepIsSixtyFourBitForFarFutureAndPast() {
        Totp totp = Totp.defaults();
        assertEquals(Instant.MAX.getEpochSecond() / 30, totp.step(Instant.MAX));
        assertEquals(Math.floorDiv(Instant.MIN.getEpochSecond(), 30L), totp.step(Instant.MIN));
        assertEquals(6, totp.generateString(SEED_SHA1, totp.step(Instant.MAX)).length());
    }

    @Test
    void honoursNonZeroT0() {
        long t0 = 1_000_000L;
        Totp shifted = new Totp(HmacAlgorithm.SHA1, 8, 30, t0);
        Totp plain = new Totp(HmacAlgorithm.SHA1, 8, 30, 0);
        assertEquals(1, shifted.step(Instant.ofEpochSecond(t0 + 59)));
        assertEquals("94287082", shifted.generateString(SEED_SHA1, shifted.step(Instant.ofEpochSecond(t0 + 59))));
        assertEquals(plain.generateString(SEED_SHA1, plain.step(Instant.ofEpochSecond(1234567890L))),
                shifted.generateString(SEED_SHA1, shifted.step(Instant.ofEpochSecond(1234567890L + t0))));
        assertEquals(Instant.ofEpochSecond(t0 + 30), shifted.stepStart(1));
    }

    @Test
    void stepRoundsDownBeforeT0() {
        Totp totp = new Totp(HmacAlgorithm.SHA1, 6, 30, 1000);
        assertEquals(0, totp.step(Instant.ofEpochSecond(1000)));
        assertEquals(0, totp.step(Instant.ofEpochSecond(1029)));
        assertEquals(1, totp.step(Instant.ofEpochSecond(1030)));
        assertEquals(-1, totp.step(Instant.ofEpochSecond(999)));
        assertEquals(-1, totp.step(Instant.ofEpochSecond(970)));
        assertEquals(-2, totp.step(Instant.ofEpochSecond(969)));
    }

    @Test
    void ignoresFractionsOfASecond() {
        Totp totp = Totp.defaults();
        assertEquals(1, totp.step(Instant.ofEpochSecond(59, 999_999_999)));
        assertEquals(2, totp.step(Instant.ofEpochSecond(60)));
    }

    @Test
    void defaultsAreSha1SixDigitsThirtySeconds() {
        Totp totp = Totp.defaults();
        assertEquals(HmacAlgorithm.SHA1, totp.algorithm());
        assertEquals(6, totp.digits());
        assertEquals(30, totp.periodSeconds());
        assertEquals(0, totp.t0EpochSeconds());
        assertSame(totp, Totp.defaults());
        // RFC 6238 SHA1 at 59 s is 94287082: the 6-digit code is its last 6 digits
        assertEquals("287082", totp.generateString(SEED_SHA1, totp.step(Instant.ofEpochSecond(59))));
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, -30, 0));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 5, 30, 0));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 9, 30, 0));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, 30, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, 30, Long.MIN_VALUE));
        assertThrows(NullPointerException.class, () -> new Totp(null, 6, 30, 0));
    }
}
