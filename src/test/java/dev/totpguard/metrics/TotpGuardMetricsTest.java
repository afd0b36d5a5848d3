package dev.totpguard.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.totpguard.guard.Attempt;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpGuardMetricsTest {

    private static final String B = TotpGuardMetrics.ENTRY_BROWSER;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TotpGuardMetrics metrics = new TotpGuardMetrics(registry);

    private static Attempt attempt(Attempt.Outcome outcome, long skew, int failures) {
        return attempt(outcome, skew, failures, Attempt.Transition.NONE);
    }

    private static Attempt attempt(Attempt.Outcome outcome, long skew, int failures, Attempt.Transition transition) {
        return new Attempt(outcome, outcome == Attempt.Outcome.NO_DEVICE ? null : "c1", "phone", skew, 0, failures,
                transition);
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptedCodeCountsOutcomeTimeAndSkew() {
        metrics.verification("demo", B, attempt(Attempt.Outcome.ACCEPTED, -1, 0), 2_000_000L);
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "realm", "demo", "entry", "browser", "outcome", "accepted"));
        var timer = registry.find(TotpGuardMetrics.DURATION).tags("realm", "demo", "outcome", "accepted").timer();
        assertEquals(1, timer.count());
        assertEquals(2.0, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, counter(TotpGuardMetrics.SKEW, "realm", "demo", "skew", "-1"));
        assertEquals(0, counter(TotpGuardMetrics.REPLAYS));
        assertEquals(0, counter(TotpGuardMetrics.LOCKOUTS));
    }

    @Test
    void durationHistogramHasBucketsForQuantiles() {
        metrics.verification("demo", B, attempt(Attempt.Outcome.INVALID, 0, 1), 3_000_000L);
        var timer = registry.find(TotpGuardMetrics.DURATION).timer();
        var buckets = timer.takeSnapshot().histogramCounts();
        assertEquals(12, buckets.length);
        assertEquals(0.0, buckets[1].count(), "3 ms is above the 2 ms bucket");
        assertEquals(1.0, buckets[2].count(), "3 ms is within the 5 ms bucket");
    }

    @Test
    void replayCountsAsAReplayAndAsAnOutcome() {
        metrics.verification("demo", B, attempt(Attempt.Outcome.REPLAYED, 0, 1), 1L);
        assertEquals(1, counter(TotpGuardMetrics.REPLAYS, "realm", "demo"));
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "outcome", "replayed"));
        assertNull(registry.find(TotpGuardMetrics.SKEW).counter(), "no skew for a refused code");
    }

    @Test
    void skewLabelsAreBounded() {
        assertEquals("0", TotpGuardMetrics.skewLabel(0));
        assertEquals("+1", TotpGuardMetrics.skewLabel(1));
        assertEquals("-1", TotpGuardMetrics.skewLabel(-1));
        assertEquals("+5", TotpGuardMetrics.skewLabel(37));
        assertEquals("-5", TotpGuardMetrics.skewLabel(-60));
        assertEquals("-5", TotpGuardMetrics.skewLabel(Long.MIN_VALUE));
    }

    @Test
    void lockoutReasonIsWhatTheAttemptSaysItStarted() {
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.INVALID, 0, 4)));
        assertEquals(Optional.of("waiting"), TotpGuardMetrics.lockoutReason(
                attempt(Attempt.Outcome.INVALID, 0, 5, Attempt.Transition.WAIT_STARTED)));
        assertEquals(Optional.of("locked"), TotpGuardMetrics.lockoutReason(
                attempt(Attempt.Outcome.INVALID, 0, 100, Attempt.Transition.LOCKED)));
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.WAITING, 0, 7)));
    }

    @Test
    void lockoutsAreCountedByReason() {
        metrics.verification("demo", B, attempt(Attempt.Outcome.INVALID, 0, 5, Attempt.Transition.WAIT_STARTED), 1L);
        metrics.verification("demo", B, attempt(Attempt.Outcome.INVALID, 0, 100, Attempt.Transition.LOCKED), 1L);
        metrics.refusedByRealmLock("demo", B);
        assertEquals(1, counter(TotpGuardMetrics.LOCKOUTS, "realm", "demo", "reason", "waiting"));
        assertEquals(1, counter(TotpGuardMetrics.LOCKOUTS, "realm", "demo", "reason", "locked"));
        assertEquals(1, counter(TotpGuardMetrics.LOCKOUTS, "realm", "demo", "reason", "realm"));
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "realm", "demo", "outcome", "locked"));
    }

    @Test
    void enrollmentFunnel() {
        metrics.enrollmentStarted("demo");
        metrics.enrollmentStarted("demo");
        metrics.enrollmentFailed("demo", "invalid");
        metrics.enrollmentCompleted("demo");
        assertEquals(2, counter(TotpGuardMetrics.ENROLLMENTS_STARTED, "realm", "demo"));
        assertEquals(1, counter(TotpGuardMetrics.ENROLLMENT_FAILURES, "realm", "demo", "reason", "invalid"));
        assertEquals(1, counter(TotpGuardMetrics.ENROLLMENTS_COMPLETED, "realm", "demo"));
    }

    @Test
    void recoveryCodeUseIsCountedByCodesLeftInFourBuckets() {
        metrics.recoveryCodeUsed("demo", 11);
        metrics.recoveryCodeUsed("demo", 3);
        metrics.recoveryCodeUsed("demo", 2);
        metrics.recoveryCodeUsed("demo", 0);
        assertEquals(2, counter(TotpGuardMetrics.RECOVERY_CODES_USED, "realm", "demo", "left", "more"));
        assertEquals(1, counter(TotpGuardMetrics.RECOVERY_CODES_USED, "realm", "demo", "left", "2"));
        assertEquals(0, counter(TotpGuardMetrics.RECOVERY_CODES_USED, "realm", "demo", "left", "1"));
        assertEquals(1, counter(TotpGuardMetrics.RECOVERY_CODES_USED, "realm", "demo", "left", "0"));
    }

    @Test
    void labelsAreOnlyRealmAndBoundedOnes() {
        for (Attempt.Outcome outcome : Attempt.Outcome.values()) {
            metrics.verification("demo", TotpGuardMetrics.ENTRY_DIRECT_GRANT, attempt(outcome, 2, 5), 1L);
        }
        metrics.refusedByRealmLock(null, null);
        metrics.enrollmentFailed("demo", "malformed");
        metrics.recoveryCodeUsed(null, 7);
        Set<String> keys = registry.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getKey).collect(Collectors.toSet());
        assertTrue(Set.of("realm", "entry", "outcome", "reason", "skew", "left", "le").containsAll(keys), keys::toString);
        assertTrue(registry.getMeters().stream().allMatch(m -> m.getId().getName().startsWith("totp.guard.")));
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "realm", "unknown", "outcome", "locked"));
    }

    @Test
    void globalUsesMicrometersGlobalRegistry() {
        assertEquals(TotpGuardMetrics.global(), TotpGuardMetrics.global());
    }
}
