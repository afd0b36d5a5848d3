package dev.totpguard.login;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invalid-config log line is rate-limited per realm, config and setting. */
class ExecutionPolicyLogTest {

    @Test
    void oncePerIntervalPerKey() {
        long now = 1_000_000L;
        assertTrue(ExecutionPolicy.firstInInterval("r\na\ntotp-guard.window", now));
        assertFalse(ExecutionPolicy.firstInInterval("r\na\ntotp-guard.window", now + 1));
        assertTrue(ExecutionPolicy.firstInInterval("r\na\ntotp-guard.max-drift", now + 1), "another setting");
        assertFalse(ExecutionPolicy.firstInInterval("r\na\ntotp-guard.window",
                now + ExecutionPolicy.LOG_INTERVAL_MILLIS - 1));
        assertTrue(ExecutionPolicy.firstInInterval("r\na\ntotp-guard.window", now + ExecutionPolicy.LOG_INTERVAL_MILLIS));
    }
}
