package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerifierTest {
    private static final byte[] KEY = TotpTest.SEED_SHA1;
    private static final Totp TOTP = Totp.defaults();
    private static final TotpVerifier WINDOW_1 = new TotpVerifier(TOTP, 1);
    // the clock is injected: a fixed instant, never the system clock
    private static final long T = TOTP.step(Instant.parse("2025-06-01T12:00:10Z"));

    static Stream<Arguments> acceptsNeighbourStepsAndReturnsThem() {
        return Stream.of(Arguments.of(-1L), Arguments.of(0L), Arguments.of(1L));
    }

    @ParameterizedTest(name = "T{0}")
    @MethodSource
    void acceptsNeighbourStepsAndReturnsThem(long offset) {
        int code = TOTP.generate(KEY, T + offset);
        assertEquals(OptionalLong.of(T + offset), WINDOW_1.verify(KEY, code, T));
        assertEquals(OptionalLong.of(T + offset), WINDOW_1.verify(KEY, TOTP.generateString(KEY, T + offset), T));
    }

    static Stream<Arguments> rejectsStepsOutsideTheWindow() {
        return Stream.of(Arguments.of(-2L), Arguments.of(2L), Arguments.of(-3L), Arguments.of(30L));
    }

    @ParameterizedTest(name = "T{0}")
    @MethodSource
    void rejectsStepsOutsideTheWindow(long offset) {
        int code = TOTP.generate(KEY, T + offset);
        for (long inside = -1; inside <= 1; inside++) {
            // precondition: no accidental collision with a step inside the window
            assertNotEquals(TOTP.generate(KEY, T + inside), code);
        }
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, code, T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, TOTP.generateString(KEY, T + offset), T));
    }

    @Test
    void windowZeroAcceptsOnlyTheCentre() {
        TotpVerifier exact = new TotpVerifier(TOTP, 0);
        assertEquals(OptionalLong.of(T), exact.verify(KEY, TOTP.generate(KEY, T), T));
        assertEquals(OptionalLong.empty(), exact.verify(KEY, TOTP.generate(KEY, T - 1), T));
        assertEquals(OptionalLong.empty(), exact.verify(KEY, TOTP.generate(KEY, T + 1), T));
    }

    @Test
    void largestWindowReachesTenStepsEachSide() {
        TotpVerifier wide = new TotpVerifier(TOTP, 10);
        assertEquals(OptionalLong.of(T - 10), wide.verify(KEY, TOTP.generate(KEY, T - 10), T));
        assertEquals(OptionalLong.of(T + 10), wide.verify(KEY, TOTP.generate(KEY, T + 10), T));
    }

    @Test
    void rejectsWrongCode() {
        int good = TOTP.generate(KEY, T);
        int wrong = good;
        while (wrong == TOTP.generate(KEY, T - 1) || wrong == good || wrong == TOTP.generate(KEY, T + 1)) {
            wrong = (wrong + 1) % 1_000_000;
        }
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, wrong, T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, TOTP.format(wrong), T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, good, T + 5));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(TotpTest.ascii("another key"), good, T));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1_000_000, 12_345_678, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsCodesOutsideTheDigitRange(int code) {
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, code, T));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "12345", "1234567", "+12345", "abcdef", "12 345", "１２３４５６"})
    void rejectsMalformedStrings(String candidate) {
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, candidate, T));
    }

    @Test
    void rejectsWhitespaceAroundAValidCode() {
        String code = TOTP.generateString(KEY, T);
        assertEquals(OptionalLong.of(T), WINDOW_1.verify(KEY, code, T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, " " + code, T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, code + "\n", T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, code.substring(0, 3) + " " + code.substring(3), T));
        assertEquals(OptionalLong.empty(), WINDOW_1.verify(KEY, (String) null, T));
    }

    @Test
    void acceptsCodesWithLeadingZeros() {
        // find a step whose code starts with 0, then verify it as typed
        long step = T;
        while (TOTP.generate(KEY, step) >= 100_000) {
            step++;
        }
        String code = TOTP.generateString(KEY, step);
        assertEquals('0', code.charAt(0));
        assertEquals(OptionalLong.of(step), WINDOW_1.verify(KEY, code, step));
    }

    // steps found by search: with the RFC SHA1 seed, 6 digits, steps 910737 and 910738 share a code,
    // and so do steps 153567 and 153569
    private static final long ADJACENT = 910_737L;
    private static final long GAP_TWO = 153_567L;

    @Test
    void prefersTheMatchClosestToTheCentre() {
        int code = TOTP.generate(KEY, ADJACENT);
        assertEquals(code, TOTP.generate(KEY, ADJACENT + 1));
        assertEquals(OptionalLong.of(ADJACENT), WINDOW_1.verify(KEY, code, ADJACENT));
        assertEquals(OptionalLong.of(ADJACENT + 1), WINDOW_1.verify(KEY, code, ADJACENT + 1));
        assertEquals(OptionalLong.of(ADJACENT + 1), WINDOW_1.verify(KEY, code, ADJACENT + 2));
        assertEquals(OptionalLong.of(ADJACENT), WINDOW_1.verify(KEY, code, ADJACENT - 1));
    }

    @Test
    void prefersTheLaterStepBetweenTwoEquallyClose() {
        int code = TOTP.generate(KEY, GAP_TWO);
        assertEquals(code, TOTP.generate(KEY, GAP_TWO + 2));
        assertEquals(OptionalLong.of(GAP_TWO + 2), WINDOW_1.verify(KEY, code, GAP_TWO + 1));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TotpVerifier(TOTP, -1));
        assertThrows(IllegalArgumentException.class, () -> new TotpVerifier(TOTP, TotpVerifier.MAX_WINDOW + 1));
        assertThrows(NullPointerException.class, () -> new TotpVerifier(null, 1));
        assertThrows(IllegalArgumentException.class, () -> WINDOW_1.verify(new byte[0], 123456, T));
        assertThrows(IllegalArgumentException.class, () -> WINDOW_1.verify(new byte[0], "123456", T));
        assertThrows(NullPointerException.class, () -> WINDOW_1.verify(null, 123456, T));
        assertThrows(IllegalArgumentException.class, () -> WINDOW_1.verify(KEY, 123456, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> WINDOW_1.verify(KEY, 123456, Long.MIN_VALUE));
    }

    @Test
    void worksWithEightDigitsAndSha512() {
        Totp totp = new Totp(HmacAlgorithm.SHA512, 8, 30, 0);
        TotpVerifier verifier = new TotpVerifier(totp, 1);
        long step = totp.step(Instant.ofEpochSecond(20_000_000_000L));
        assertEquals(OptionalLong.of(step), verifier.verify(TotpTest.SEED_SHA512, "47863826", step));
        assertEquals(OptionalLong.of(step), verifier.verify(TotpTest.SEED_SHA512, "47863826", step + 1));
        assertEquals(OptionalLong.empty(), verifier.verify(TotpTest.SEED_SHA512, "47863826", step + 2));
    }
}
