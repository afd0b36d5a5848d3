package dev.totpguard.guard;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An invalid config names the setting that makes it invalid, never the value: for the log line and the posture. */
class PolicyConfigSettingTest {

    private static PolicyConfig.InvalidSettingException invalid(Map<String, String> config) {
        return assertThrows(PolicyConfig.InvalidSettingException.class, () -> PolicyConfig.policy(config));
    }

    @ParameterizedTest
    @CsvSource({
            "totp-guard.window, abc",
            "totp-guard.window, 99",
            "totp-guard.window, -1",
            "totp-guard.max-drift, 21",
            "totp-guard.resync-range, 1",
            "totp-guard.failure-limit, 0",
            "totp-guard.delay-growth, 11",
            "totp-guard.max-delay, 999999",
            "totp-guard.lockout-after, 101",
            "totp-guard.loa, gold",
            "totp-guard.remember-days, 365",
    })
    void aBadValueNamesItsSettingAndNotTheValue(String setting, String value) {
        PolicyConfig.InvalidSettingException e = invalid(Map.of(setting, value));
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().startsWith(setting + ": "), e.getMessage());
        assertFalse(e.getMessage().substring(setting.length()).matches("(?s).*(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(value)
                + "(?![0-9A-Za-z]).*"), e.getMessage());
    }

    @Test
    void aRuleBetweenSettingsNamesTheOneThatBreaksIt() {
        // lockout before the failure limit: the lockout (the failure limit is the default, or set)
        assertEquals(PolicyConfig.LOCKOUT_AFTER, invalid(Map.of(PolicyConfig.FAILURE_LIMIT, "10", PolicyConfig.LOCKOUT_AFTER,
                "5")).setting());
        assertEquals(PolicyConfig.LOCKOUT_AFTER, invalid(Map.of(PolicyConfig.LOCKOUT_AFTER, "3")).setting());
        // a resync range not above the window: resetting either would do; the later setting is named
        assertEquals(PolicyConfig.RESYNC_RANGE, invalid(Map.of(PolicyConfig.WINDOW, "3", PolicyConfig.RESYNC_RANGE, "2"))
                .setting());
        // delay above the default maximum delay is fine when the config raises the maximum; the lockout breaks it
        assertEquals(PolicyConfig.LOCKOUT_AFTER, invalid(Map.of(PolicyConfig.DELAY, "1000", PolicyConfig.MAX_DELAY, "2000",
                PolicyConfig.LOCKOUT_AFTER, "3")).setting());
    }

    @Test
    void anUnknownSettingOfOursIsInvalidOthersAreIgnored() {
        PolicyConfig.InvalidSettingException e = invalid(Map.of("totp-guard.windw", "0"));
        assertEquals("totp-guard.windw", e.setting());
        assertEquals(GuardPolicy.DEFAULT, PolicyConfig.policy(Map.of("someone-else.window", "0")));
    }

    @Test
    void theThrottleIsReadOnItsOwn() {
        assertEquals(new Throttle(2, 30, 2, 900, 3), PolicyConfig.throttle(Map.of(PolicyConfig.WINDOW, "abc",
                PolicyConfig.FAILURE_LIMIT, "2", PolicyConfig.LOCKOUT_AFTER, "3")));
        assertEquals(PolicyConfig.FAILURE_LIMIT, assertThrows(PolicyConfig.InvalidSettingException.class,
                () -> PolicyConfig.throttle(Map.of(PolicyConfig.FAILURE_LIMIT, "x"))).setting());
    }
}
