package dev.totpguard.exit;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.models.utils.HmacOTP;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayMarksTest {

    private static final int PERIOD = 30;
    private static final long T = 59_000_000L;

    @Test
    void marksEveryStepFromTheOldestTheWindowAcceptsToTheLastAccepted() {
        long now = T * PERIOD + 10; // 10 s into step T
        List<ReplayMarks.Mark> marks = ReplayMarks.of(T + 1, now, PERIOD, 1);
        assertEquals(List.of(T - 1, T, T + 1), marks.stream().map(ReplayMarks.Mark::step).toList());
        // step s is accepted until the end of step s + 1
        assertEquals(List.of(20L, 50L, 80L), marks.stream().map(ReplayMarks.Mark::lifespanSeconds).toList());
    }

    @Test
    void marksStepsAheadOfTheWindowUntilTheWindowHasPassedThem() {
        long now = T * PERIOD;
        List<ReplayMarks.Mark> marks = ReplayMarks.of(T + 2, now, PERIOD, 1);
        ReplayMarks.Mark ahead = marks.get(marks.size() - 1);
        assertEquals(T + 2, ahead.step());
        assertEquals(4L * PERIOD, ahead.lifespanSeconds(), "T+2 is accepted while the server is at T+1, T+2 or T+3");
    }

    @Test
    void marksNothingWhenTheLastAcceptedStepIsOutOfTheWindowAlready() {
        assertEquals(List.of(), ReplayMarks.of(T - 2, T * PERIOD, PERIOD, 1));
        assertEquals(List.of(), ReplayMarks.of(T - 1, T * PERIOD, PERIOD, 0));
    }

    @Test
    void windowZeroMarksTheCurrentStepOnly() {
        assertEquals(List.of(new ReplayMarks.Mark(T, 30)), ReplayMarks.of(T, T * PERIOD, PERIOD, 0));
    }

    @Test
    void refusesALastStepFarAheadAndBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> ReplayMarks.of(T + 1000, T * PERIOD, PERIOD, 1));
        assertThrows(IllegalArgumentException.class, () -> ReplayMarks.of(T, T * PERIOD, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ReplayMarks.of(T, T * PERIOD, PERIOD, -1));
    }

    @Test
    void keyIsTheBuiltInChecksCredentialIdDotCode() {
        assertEquals("c1.012345", ReplayMarks.key("c1", "012345"));
    }

    static Stream<Arguments> marksUseTheCodeKeycloaksCheckComputes() {
        return Stream.of(HmacAlgorithm.values()).flatMap(a -> Stream.of(6, 7, 8).map(d -> Arguments.of(a, d)));
    }

    /** The code part of a mark is the string Keycloak's TimeBasedOTP compares the input with (zero-padded). */
    @ParameterizedTest
    @MethodSource
    void marksUseTheCodeKeycloaksCheckComputes(HmacAlgorithm algorithm, int digits) {
        byte[] seed = new byte[algorithm.macLength()];
        new SecureRandom().nextBytes(seed);
        Totp totp = new Totp(algorithm, digits, PERIOD, 0L);
        boolean leadingZeroSeen = false;
        for (long step = T; step < T + 200; step++) {
            String ours = totp.generateString(seed, step);
            String keycloaks = new HmacOTP(digits, algorithm.macName(), 0).generateOTP(seed,
                    String.format(Locale.ROOT, "%016X", step), digits, algorithm.macName());
            assertEquals(keycloaks, ours, "step " + step);
            leadingZeroSeen |= ours.startsWith("0");
        }
        assertTrue(leadingZeroSeen, "200 steps include a code with a leading zero");
    }
}
