package dev.totpguard.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.GuardPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpGuardMetricsTest {

    private static final GuardPolicy POLICY = GuardPolicy.DEFAULT; // waits from 5 failures, locks out at 100

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TotpGuardMetrics metrics = new TotpGuardMetrics(registry);

    private static Attempt attempt(Attempt.Outcome outcome, long skew, int failures) {
        return new Attempt(outcome, outcome == Attempt.Outcome.NO_DEVICE ? null : "c1", "phone", skew, 0, failures);
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptedCodeCountsOutcomeTimeAndSkew() {
        metrics.verification("demo", attempt(Attempt.Outcome.ACCEPTED, -1, 0), POLICY, 2_000_000L);
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "realm", "demo", "outcome", "accepted"));
        var timer = registry.find(TotpGuardMetrics.DURATION).tags("realm", "demo", "outcome", "accepted").timer();
        assertEquals(1, timer.count());
        assertEquals(2.0, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, counter(TotpGuardMetrics.SKEW, "realm", "demo", "skew", "-1"));
        assertEquals(0, counter(TotpGuardMetrics.REPLAYS));
        assertEquals(0, counter(TotpGuardMetrics.LOCKOUTS));
    }

    @Test
    void durationHistogramHasBucketsForQuantiles() {
        metrics.verification("demo", attempt(Attempt.Outcome.INVALID, 0, 1), POLICY, 3_000_000L);
        var timer = registry.find(TotpGuardMetrics.DURATION).timer();
        var buckets = timer.takeSnapshot().histogramCounts();
        assertEquals(12, buckets.length);
        assertEquals(0.0, buckets[1].count(), "3 ms is above the 2 ms bucket");
        assertEquals(1.0, buckets[2].count(), "3 ms is within the 5 ms bucket");
    }

    @Test
    void replayCountsAsAReplayAndAsAnOutcome() {
        metrics.verification("demo", attempt(Attempt.Outcome.REPLAYED, 0, 1), POLICY, 1L);
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
    void failureThatReachesTheLimitStartsADeviceWait() {
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.INVALID, 0, 4), POLICY));
        assertEquals(Optional.of("device"), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.INVALID, 0, 5), POLICY));
        assertEquals(Optional.of("device"), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.MALFORMED, 0, 6), POLICY),
                "each further failure starts a longer wait");
        assertEquals(Optional.of("device_lockout"), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.INVALID, 0, 100), POLICY));
    }

    @Test
    void refusalsOfAWaitingDeviceAndSuccessesStartNothing() {
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.LOCKED, 0, 7), POLICY));
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.ACCEPTED, 0, 0), POLICY));
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.NO_DEVICE, 0, 0), POLICY));
    }

    @Test
    void zeroDelayIsNoWait() {
        GuardPolicy noDelay = new GuardPolicy(1, 5, 10, 5, 0, 1, 0, 100);
        assertEquals(Optional.empty(), TotpGuardMetrics.lockoutReason(attempt(Attempt.Outcome.INVALID, 0, 5), noDelay));
    }

    @Test
    void lockoutsAreCountedByReason() {
        metrics.verification("demo", attempt(Attempt.Outcome.INVALID, 0, 5), POLICY, 1L);
        metrics.refusedByRealmLock("demo");
        assertEquals(1, counter(TotpGuardMetrics.LOCKOUTS, "realm", "demo", "reason", "device"));
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
    void labelsAreOnlyRealmAndBoundedOnes() {
        for (Attempt.Outcome outcome : Attempt.Outcome.values()) {
            metrics.verification("demo", attempt(outcome, 2, 5), POLICY, 1L);
        }
        metrics.refusedByRealmLock(null);
        metrics.enrollmentFailed("demo", "malformed");
        Set<String> keys = registry.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getKey).collect(Collectors.toSet());
        assertTrue(Set.of("realm", "outcome", "reason", "skew", "le").containsAll(keys), keys::toString);
        assertTrue(registry.getMeters().stream().allMatch(m -> m.getId().getName().startsWith("totp.guard.")));
        assertEquals(1, counter(TotpGuardMetrics.VERIFICATIONS, "realm", "unknown", "outcome", "locked"));
    }

    @Test
    void globalUsesMicrometersGlobalRegistry() {
        assertEquals(TotpGuardMetrics.global(), TotpGuardMetrics.global());
    }
}
