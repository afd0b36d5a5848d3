package dev.totpguard.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.totpguard.guard.Attempt;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockSkewEstimateTest {

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> infos = Collections.synchronizedList(new ArrayList<>());
    private final ClockSkewEstimate estimate = new ClockSkewEstimate("kc-node-7", warnings::add, infos::add);

    private void accept(int times, long skew) {
        for (int i = 0; i < times; i++) {
            estimate.accepted(skew);
        }
    }

    @Test
    void noEstimateBeforeEnoughCodes() {
        accept(ClockSkewEstimate.MIN_SAMPLES - 1, -1);
        assertTrue(Double.isNaN(estimate.estimate()), "ten codes are too few to judge a clock");
        assertTrue(warnings.isEmpty());
        estimate.accepted(-1);
        assertEquals(-1.0, estimate.estimate());
    }

    @Test
    void estimateIsTheMedianOfTheLastWindowOfCodes() {
        accept(6, 0);
        accept(5, 1);
        assertEquals(0.0, estimate.estimate(), "6 of 11 at 0");
        estimate.accepted(1);
        assertEquals(0.5, estimate.estimate(), "an even count: the mean of the two middle skews");
        accept(ClockSkewEstimate.WINDOW, 0);
        accept(ClockSkewEstimate.WINDOW / 2, -1);
        assertEquals(0.0, estimate.estimate(), "15 of the last 31 at -1: not yet");
        estimate.accepted(-1);
        assertEquals(-1.0, estimate.estimate(), "16 of the last 31: the majority");
    }

    @Test
    void oldCodesLeaveTheWindow() {
        accept(1000, 2);
        assertEquals(2.0, estimate.estimate());
        accept(ClockSkewEstimate.WINDOW / 2 + 1, 0);
        assertEquals(0.0, estimate.estimate(), "only the last 31 codes count, however many came before");
    }

    @Test
    void aFewFarOffDevicesDoNotMoveIt() {
        accept(20, 0);
        accept(11, 400);
        assertEquals(0.0, estimate.estimate(), "11 of 31 codes from drifted tokens");
        assertTrue(warnings.isEmpty());
    }

    @Test
    void farSkewsAreClamped() {
        accept(ClockSkewEstimate.WINDOW, Long.MIN_VALUE);
        assertEquals(-ClockSkewEstimate.MAX_SKEW, estimate.estimate());
        accept(ClockSkewEstimate.WINDOW, Long.MAX_VALUE);
        assertEquals(ClockSkewEstimate.MAX_SKEW, estimate.estimate());
    }

    @Test
    void warnsOncePerCrossingNamingTheNodeAndTheDirection() {
        accept(ClockSkewEstimate.WINDOW, 0);
        assertTrue(warnings.isEmpty());
        accept(ClockSkewEstimate.WINDOW, -1);
        assertEquals(1, warnings.size(), "one warning for 31 codes a step off, not one per code: " + warnings);
        String warning = warnings.get(0);
        assertTrue(warning.contains("node kc-node-7"), warning);
        assertTrue(warning.contains("1 step(s) ahead of its users'"), warning);
        assertTrue(warning.contains("is -1 steps"), warning);
        accept(100, -2);
        assertEquals(1, warnings.size(), "still the same crossing");
        assertTrue(infos.isEmpty());
    }

    @Test
    void warnsAgainOnlyAfterTheClockSettledBack() {
        accept(ClockSkewEstimate.WINDOW, 1);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("1 step(s) behind its users'"), warnings.get(0));
        // hovering at the edge: back under a step for a few codes, then over again, no new warning
        accept(ClockSkewEstimate.WINDOW / 2 + 1, 0);
        assertEquals(0.0, estimate.estimate());
        accept(ClockSkewEstimate.WINDOW / 2 + 1, 1);
        assertEquals(1.0, estimate.estimate());
        assertEquals(1, warnings.size(), "flapping at the edge warns once");
        assertTrue(infos.isEmpty());
        // settled: a whole window of codes in a row under a step (counted from the first one back under)
        accept(ClockSkewEstimate.WINDOW / 2 + 1, 0);
        accept(ClockSkewEstimate.WINDOW - 2, 0);
        assertTrue(infos.isEmpty(), "one code short of a settled window");
        estimate.accepted(0);
        assertEquals(1, infos.size());
        assertTrue(infos.get(0).contains("node kc-node-7 is back within one time step"), infos.get(0));
        accept(ClockSkewEstimate.WINDOW, -3);
        assertEquals(2, warnings.size(), "a new crossing warns again");
        assertTrue(warnings.get(1).contains("3 step(s) ahead"), warnings.get(1));
    }

    @Test
    void gaugeReadsTheEstimate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        estimate.register(registry);
        Gauge gauge = registry.find(ClockSkewEstimate.NAME).gauge();
        assertNotNull(gauge);
        assertEquals("steps", gauge.getId().getBaseUnit());
        assertTrue(gauge.getId().getTags().isEmpty(), "one per node: no labels");
        assertTrue(Double.isNaN(gauge.value()));
        accept(ClockSkewEstimate.WINDOW, -1);
        assertEquals(-1.0, gauge.value());
    }

    @Test
    void acceptedCodesOfTheMetricsFeedTheGaugeAndRefusedOnesDoNot() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TotpGuardMetrics metrics = new TotpGuardMetrics(registry);
        for (int i = 0; i < ClockSkewEstimate.WINDOW; i++) {
            metrics.verification("demo", TotpGuardMetrics.ENTRY_BROWSER, attempt(Attempt.Outcome.ACCEPTED, 1), 1L);
        }
        Gauge gauge = registry.find(ClockSkewEstimate.NAME).gauge();
        assertEquals(1.0, gauge.value());
        for (int i = 0; i < ClockSkewEstimate.WINDOW; i++) {
            metrics.verification("demo", TotpGuardMetrics.ENTRY_DIRECT_GRANT, attempt(Attempt.Outcome.INVALID, 0), 1L);
            metrics.verification("demo", TotpGuardMetrics.ENTRY_BROWSER, attempt(Attempt.Outcome.REPLAYED, 0), 1L);
        }
        assertEquals(1.0, gauge.value(), "only accepted codes say where the phones are");
        for (int i = 0; i < ClockSkewEstimate.WINDOW; i++) {
            metrics.verification("other", TotpGuardMetrics.ENTRY_VALIDATE, attempt(Attempt.Outcome.RESYNCED, 0), 1L);
        }
        assertEquals(0.0, gauge.value(), "every realm's codes feed the node's one estimate");
    }

    @Test
    void concurrentCodesKeepItConsistentAndWarnOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        estimate.accepted(-1);
                        double e = estimate.estimate();
                        assertTrue(Double.isNaN(e) || e == -1.0, "never a torn value: " + e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(-1.0, estimate.estimate());
        assertEquals(1, warnings.size(), "160 000 codes from 8 threads, one crossing");
        assertFalse(warnings.get(0).isBlank());
    }

    @Test
    void nodeNameIsTheHostAndKeycloaksNodeName() {
        String before = System.getProperty("jboss.node.name");
        try {
            System.clearProperty("jboss.node.name");
            String host = ClockSkewEstimate.nodeName();
            assertFalse(host.isBlank());
            System.setProperty("jboss.node.name", "kc-east-2");
            assertEquals("kc-east-2 (host " + host + ")", ClockSkewEstimate.nodeName());
        } finally {
            if (before == null) {
                System.clearProperty("jboss.node.name");
            } else {
                System.setProperty("jboss.node.name", before);
            }
        }
    }

    private static Attempt attempt(Attempt.Outcome outcome, long skew) {
        return new Attempt(outcome, "c1", "phone", skew, 0, 0, Attempt.Transition.NONE);
    }
}
