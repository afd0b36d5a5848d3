package dev.totpguard.guard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The configuration of our sign-in executions (prompt and direct grant; Admin Console, execution config), read into a
 * {@link GuardPolicy} and an optional level of authentication: the one place that parses it.
 */
public final class PolicyConfig {

    public static final String WINDOW = "totp-guard.window";
    public static final String MAX_DRIFT = "totp-guard.max-drift";
    public static final String RESYNC_RANGE = "totp-guard.resync-range";
    public static final String FAILURE_LIMIT = "totp-guard.failure-limit";
    public static final String DELAY = "totp-guard.delay";
    public static final String DELAY_GROWTH = "totp-guard.delay-growth";
    public static final String MAX_DELAY = "totp-guard.max-delay";
    public static final String LOCKOUT_AFTER = "totp-guard.lockout-after";
    public static final String LEVEL = "totp-guard.loa";
    public static final String REMEMBER_DAYS = "totp-guard.remember-days";

    /** The longest a browser may be remembered (days). */
    public static final int MAX_REMEMBER_DAYS = 90;

    static final int MAX_LEVEL = 9;
    /** The Admin Console's choice for "no level"; blank or missing mean the same. */
    static final String NO_LEVEL = "none";
    static final List<String> LEVEL_CHOICES = IntStream.rangeClosed(0, MAX_LEVEL)
            .mapToObj(i -> i == 0 ? NO_LEVEL : String.valueOf(i)).toList();

    private static final GuardPolicy D = GuardPolicy.DEFAULT;
    private static final Throttle T = D.throttle();

    /** The settings of the sign-in prompt. */
    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(WINDOW).label("Window (steps)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(D.window()))
            .helpText("Codes from this many steps before and after the expected step are accepted, for network delay. "
                    + "1 (RFC 6238) accepts the previous, current and next code; 0 only the current one; at most "
                    + GuardPolicy.MAX_WINDOW + ".").add()
            .property().name(MAX_DRIFT).label("Maximum drift (steps)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(D.maxDrift()))
            .helpText("Each device learns how far its clock is off; the window is centred on that drift, at most this "
                    + "many steps from the server's time (0 to " + GuardPolicy.MAX_DRIFT + ").").add()
            .property().name(RESYNC_RANGE).label("Resync range (steps)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(D.resyncRange()))
            .helpText("A code that matches within this many steps of the server's time but outside the window is not "
                    + "accepted: the user is asked for the next code, and two consecutive codes re-synchronise the "
                    + "device. 0 turns this off; otherwise more than the window, at most " + GuardPolicy.MAX_RESYNC_RANGE + ".").add()
            .property().name(FAILURE_LIMIT).label("Failures before delay").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(T.failureLimit()))
            .helpText("Consecutive failed codes (on any of the user's devices together) after which the user waits before the "
                    + "next attempt. Holds even when the realm's brute-force detection is off. A success resets the count. "
                    + "One count per user: the strictest failure limit, delay and lockout among all the realm's TOTP Guard "
                    + "executions apply at every one of them.").add()
            .property().name(DELAY).label("Delay (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(T.delaySeconds()))
            .helpText("The first wait after the failure limit is reached.").add()
            .property().name(DELAY_GROWTH).label("Delay growth").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(T.delayGrowth()))
            .helpText("Each further failure multiplies the wait by this factor (1 to 10).").add()
            .property().name(MAX_DELAY).label("Maximum delay (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(T.maxDelaySeconds()))
            .helpText("The longest wait between attempts.").add()
            .property().name(LOCKOUT_AFTER).label("Lockout after failures").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(T.lockoutAfter()))
            .helpText("Consecutive failures after which the user's devices refuse every code until an administrator unlocks them "
                    + "(at most " + Throttle.MAX_FAILURES + ", NIST SP 800-63B).").add()
            .property().name(LEVEL).label("Level of authentication").type(ProviderConfigProperty.LIST_TYPE)
            .options(LEVEL_CHOICES).defaultValue(NO_LEVEL)
            .helpText("none (default): Keycloak's 'Condition - Level of Authentication' alone decides the level (acr) of "
                    + "the sign-in. A number: a correct code raises this sign-in to that level, for executions outside a "
                    + "level-of-authentication sub-flow (e.g. TOTP for admins after the password: 2, so the token says "
                    + "acr gold). It counts for this sign-in only: later SSO sign-ins keep the level the conditions recorded.").add()
            .property().name(REMEMBER_DAYS).label("Remember this browser (days)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue("0")
            .helpText("0 (default): always ask. 1 to " + MAX_REMEMBER_DAYS + ": the prompt offers \"Don't ask again on this "
                    + "browser for N days\"; a remembered browser then skips this prompt for that user, after the password, "
                    + "at level of authentication 1 at most (never for a client that asks for more). Set it only on "
                    + "executions where a remembered browser is acceptable, e.g. not for admins.").add()
            .build();

    /** The settings of the direct grant step: the prompt's, without the level of authentication. */
    public static final List<ProviderConfigProperty> DIRECT_GRANT_PROPERTIES = PROPERTIES.stream()
            .filter(property -> !LEVEL.equals(property.getName()) && !REMEMBER_DAYS.equals(property.getName())).toList();

    /** The settings of a step that only records a level of authentication (after a recovery code). */
    public static final List<ProviderConfigProperty> LEVEL_PROPERTIES = PROPERTIES.stream()
            .filter(property -> LEVEL.equals(property.getName())).toList();

    private PolicyConfig() {
    }

    /**
     * A setting of an execution's config that cannot be used: its value is not a whole number in its range, it does
     * not fit the other settings (a resync range not above the window, a lockout before the failure limit, …), or it is
     * a {@code totp-guard.} key that no version of these steps knows (a typo would otherwise silently leave the default).
     * The message names the setting and what it must be, never the value: {@code <setting>: <rule>}.
     */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String setting;

        InvalidSettingException(String setting, String rule) {
            super(setting + ": " + rule);
            this.setting = setting;
        }

        /** The key of the setting, e.g. {@value PolicyConfig#WINDOW}. */
        public String setting() {
            return setting;
        }
    }

    /** The settings a window, drift, resync and throttle are read from, in the order a culprit is looked for. */
    static final List<String> POLICY_KEYS = List.of(WINDOW, MAX_DRIFT, RESYNC_RANGE, FAILURE_LIMIT, DELAY, DELAY_GROWTH,
            MAX_DELAY, LOCKOUT_AFTER);
    static final List<String> THROTTLE_KEYS = POLICY_KEYS.subList(3, POLICY_KEYS.size());
    private static final Set<String> KNOWN_KEYS = PROPERTIES.stream().map(ProviderConfigProperty::getName)
            .collect(Collectors.toUnmodifiableSet());
    private static final String PREFIX = "totp-guard.";

    /**
     * Parses the stored config; missing keys take the defaults; anything else that cannot be used throws an
     * {@link InvalidSettingException} naming the setting. A config is valid or not as a whole: the steps never run
     * with part of it.
     */
    public static GuardPolicy policy(Map<String, String> config) {
        if (config == null) {
            return D;
        }
        for (String key : new TreeSet<>(config.keySet())) {
            if (key != null && key.startsWith(PREFIX) && !KNOWN_KEYS.contains(key)) {
                throw new InvalidSettingException(key, "unknown setting (known: " + String.join(", ",
                        new TreeSet<>(KNOWN_KEYS)) + ")");
            }
        }
        parseLevel(config); // validated with the rest: one bad value makes the whole config invalid
        parseRememberDays(config);
        return named(config, POLICY_KEYS, PolicyConfig::readPolicy);
    }

    /**
     * The failure limit, waits and lockout of a config on their own (the other settings are not looked at): for
     * realm-wide counts that keep what an otherwise invalid config says about them.
     */
    public static Throttle throttle(Map<String, String> config) {
        return config == null ? T : named(config, THROTTLE_KEYS, PolicyConfig::readThrottle);
    }

    private static GuardPolicy readPolicy(Map<String, String> config) {
        return new GuardPolicy(
                number(config, WINDOW, D.window()),
                number(config, MAX_DRIFT, D.maxDrift()),
                number(config, RESYNC_RANGE, D.resyncRange()),
                readThrottle(config));
    }

    private static Throttle readThrottle(Map<String, String> config) {
        return new Throttle(
                number(config, FAILURE_LIMIT, T.failureLimit()),
                number(config, DELAY, T.delaySeconds()),
                number(config, DELAY_GROWTH, T.delayGrowth()),
                number(config, MAX_DELAY, T.maxDelaySeconds()),
                number(config, LOCKOUT_AFTER, T.lockoutAfter()));
    }

    /**
     * Reads with {@code reader}; a rule of {@link GuardPolicy} or {@link Throttle} that fails is reported against the
     * setting that breaks it (their own messages say what is wrong, never with the value).
     */
    private static <R> R named(Map<String, String> config, List<String> keys, Function<Map<String, String>, R> reader) {
        try {
            return reader.apply(config);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(culprit(config, keys, reader), e.getMessage());
        }
    }

    /**
     * The setting whose default would make the config valid (the later one when several would: a rule ties a later
     * setting to an earlier one, such as the resync range to the window or the lockout to the failure limit); when no
     * single one does, the first that makes the settings before it invalid. Every value is a well-formed number here
     * (the reader refused others already).
     */
    static <R> String culprit(Map<String, String> config, List<String> keys, Function<Map<String, String>, R> reader) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            String key = keys.get(i);
            if (config.containsKey(key)) {
                Map<String, String> without = new HashMap<>(config);
                without.remove(key);
                if (valid(without, reader)) {
                    return key;
                }
            }
        }
        Map<String, String> prefix = new HashMap<>();
        for (String key : keys) {
            if (config.containsKey(key)) {
                prefix.put(key, config.get(key));
                if (!valid(prefix, reader)) {
                    return key;
                }
            }
        }
        return keys.get(0);
    }

    private static <R> boolean valid(Map<String, String> config, Function<Map<String, String>, R> reader) {
        try {
            reader.apply(config);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The level of authentication a correct code gives the sign-in; none when not set, and none when any setting of
     * the config is invalid (the step then refuses every code: {@code ExecutionPolicy}).
     */
    public static OptionalInt level(Map<String, String> config) {
        if (config == null) {
            return OptionalInt.empty();
        }
        try {
            policy(config);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        return parseLevel(config);
    }

    /**
     * For how many days the prompt may remember a browser: 0 (never) when not set, and 0 when any setting of the
     * config is invalid (the step then refuses every code: {@code ExecutionPolicy}).
     */
    public static int rememberDays(Map<String, String> config) {
        if (config == null) {
            return 0;
        }
        try {
            policy(config);
        } catch (IllegalArgumentException e) {
            return 0;
        }
        return parseRememberDays(config);
    }

    private static int parseRememberDays(Map<String, String> config) {
        int days = number(config, REMEMBER_DAYS, 0);
        if (days > MAX_REMEMBER_DAYS) {
            throw new InvalidSettingException(REMEMBER_DAYS, "must be 0 (off) to " + MAX_REMEMBER_DAYS + " days");
        }
        return days;
    }

    private static OptionalInt parseLevel(Map<String, String> config) {
        String value = config.get(LEVEL);
        if (value == null || value.isBlank() || value.strip().equals(NO_LEVEL)) {
            return OptionalInt.empty();
        }
        value = value.strip();
        if (!value.matches("[1-9]")) {
            throw new InvalidSettingException(LEVEL, "must be " + NO_LEVEL + " or a whole number from 1 to " + MAX_LEVEL);
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    private static int number(Map<String, String> config, String key, int fallback) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        value = value.strip();
        if (!value.matches("[0-9]{1,6}")) {
            throw new InvalidSettingException(key, "must be a whole number");
        }
        return Integer.parseInt(value);
    }
}
