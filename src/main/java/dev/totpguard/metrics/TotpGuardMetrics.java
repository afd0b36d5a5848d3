package dev.totpguard.metrics;

import java.time.Duration;
import java.util.Optional;

import dev.totpguard.guard.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * The service-level meters of totp-guard. Keycloak exports Micrometer's global registry on its management port
 * ({@code /metrics}) when started with {@code --metrics-enabled=true}; without it the global registry has no backing
 * registry and recording costs next to nothing.
 *
 * <p>Names (Prometheus form) and labels: every meter has {@code realm} (the realm name); the others only bounded
 * labels ({@code entry}, {@code outcome}, {@code reason}, {@code skew}). Never a user, a device or a code.
 * <ul>
 *   <li>{@value #VERIFICATIONS} {@code _total} {realm, entry, outcome}: checked codes by way in ({@code browser},
 *       {@code direct_grant}, {@code validate}) and outcome (the event reasons: {@code accepted}, {@code resynced},
 *       {@code invalid}, {@code replayed}, {@code malformed}, {@code resync_required}, {@code no_device}, {@code error},
 *       {@code waiting}, {@code locked}, {@code key_unavailable}, {@code unsealed});</li>
 *   <li>{@value #DURATION} {@code _seconds} {realm, entry, outcome}: time to judge one submission (row locks, HMACs,
 *       step claim, store), histogram buckets for quantiles;</li>
 *   <li>{@value #SKEW} {@code _total} {realm, skew}: accepted codes by matched step minus the server's step,
 *       {@code -5}…{@code +5}, the ends standing for "that far or farther";</li>
 *   <li>{@value #REPLAYS} {@code _total} {realm}: codes refused because their step was already used;</li>
 *   <li>{@value #LOCKOUTS} {@code _total} {realm, reason}: {@code waiting} (a failure made the user wait),
 *       {@code locked} (a failure locked the user's devices until an admin unlocks them), {@code realm} (a code refused
 *       because Keycloak's brute-force detection locks the user);</li>
 *   <li>{@value #ENROLLMENTS_STARTED} {@code _total}, {@value #ENROLLMENTS_COMPLETED} {@code _total} {realm}, and
 *       {@value #ENROLLMENT_FAILURES} {@code _total} {realm, reason}: the enrollment funnel;</li>
 *   <li>{@value #RECOVERY_CODES_USED} {@code _total} {realm, left}: sign-ins passed with a Keycloak recovery code
 *       instead of a TOTP code (a lost or forgotten phone), by how many codes the user has left: {@code 0}, {@code 1},
 *       {@code 2}, {@code more};</li>
 *   <li>{@value #ENROLLMENTS_POSTPONED} {@code _total} {realm}: enrollments postponed with "Later" during a
 *       roll-out's grace period;</li>
 *   <li>{@value ClockSkewEstimate#NAME} {@code _steps} (no labels): this node's clock estimate, see
 *       {@link ClockSkewEstimate}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; meters are registered on first use (the registry returns the existing meter for the
 * same name and tags).
 */
public final class TotpGuardMetrics {

    static final String VERIFICATIONS = "totp.guard.verifications";
    static final String DURATION = "totp.guard.verification.duration";
    static final String SKEW = "totp.guard.skew";
    static final String REPLAYS = "totp.guard.replays";
    static final String LOCKOUTS = "totp.guard.lockouts";
    static final String ENROLLMENTS_STARTED = "totp.guard.enrollments.started";
    static final String ENROLLMENTS_COMPLETED = "totp.guard.enrollments.completed";
    static final String ENROLLMENT_FAILURES = "totp.guard.enrollment.failures";
    static final String RECOVERY_CODES_USED = "totp.guard.recovery.codes.used";
    static final String ENROLLMENTS_POSTPONED = "totp.guard.enrollments.postponed";

    static final String REALM = "realm";
    static final String ENTRY = "entry";
    static final String OUTCOME = "outcome";

    /** {@code entry} label: the sign-in prompt of a browser flow. */
    public static final String ENTRY_BROWSER = "browser";
    /** {@code entry} label: the direct grant (resource owner password credentials). */
    public static final String ENTRY_DIRECT_GRANT = "direct_grant";
    /** {@code entry} label: any other caller of Keycloak's {@code credentialManager().isValid(...)}. */
    public static final String ENTRY_VALIDATE = "validate";
    /** {@code entry} label: a code of an existing device asked before a change of the second factor. */
    public static final String ENTRY_CONFIRM = "confirm";
    static final String REASON = "reason";
    static final String SKEW_TAG = "skew";
    static final String LEFT = "left";

    /** Skew labels stop here: {@code +5} counts skews of 5 steps and more. */
    static final int MAX_SKEW_LABEL = 5;

    /** Lockout reason for a code refused because Keycloak's brute-force detection locks the user. */
    static final String LOCKOUT_REALM = "realm";

    /** Bucket bounds of the duration histogram: 1 ms to 5 s, enough resolution around a p95 of a few ms. */
    private static final Duration[] DURATION_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    };

    private static final TotpGuardMetrics GLOBAL = new TotpGuardMetrics(Metrics.globalRegistry);

    private final Meter.MeterProvider<Counter> verifications;
    private final Meter.MeterProvider<Timer> duration;
    private final Meter.MeterProvider<Counter> skew;
    private final Meter.MeterProvider<Counter> replays;
    private final Meter.MeterProvider<Counter> lockouts;
    private final Meter.MeterProvider<Counter> enrollmentsStarted;
    private final Meter.MeterProvider<Counter> enrollmentsCompleted;
    private final Meter.MeterProvider<Counter> enrollmentFailures;
    private final Meter.MeterProvider<Counter> recoveryCodesUsed;
    private final Meter.MeterProvider<Counter> enrollmentsPostponed;
    /** This node's clock estimate from accepted codes: gauge {@value ClockSkewEstimate#NAME}, warning at a step. */
    private final ClockSkewEstimate clock;

    public TotpGuardMetrics(MeterRegistry registry) {
        verifications = Counter.builder(VERIFICATIONS)
                .description("TOTP code submissions at sign-in, by outcome").withRegistry(registry);
        duration = Timer.builder(DURATION)
                .description("Time to judge one TOTP code submission at sign-in")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .withRegistry(registry);
        skew = Counter.builder(SKEW)
                .description("Accepted TOTP codes by matched step minus the server's current step (clamped to +-5)")
                .withRegistry(registry);
        replays = Counter.builder(REPLAYS)
                .description("TOTP codes refused because their time step was already used").withRegistry(registry);
        lockouts = Counter.builder(LOCKOUTS)
                .description("Device waits and lockouts started by failed codes, and codes refused by the realm's brute-force lock")
                .withRegistry(registry);
        enrollmentsStarted = Counter.builder(ENROLLMENTS_STARTED)
                .description("TOTP device enrollments started (a new secret shown)").withRegistry(registry);
        enrollmentsCompleted = Counter.builder(ENROLLMENTS_COMPLETED)
                .description("TOTP devices enrolled").withRegistry(registry);
        enrollmentFailures = Counter.builder(ENROLLMENT_FAILURES)
                .description("Refused enrollment confirmations, by reason").withRegistry(registry);
        recoveryCodesUsed = Counter.builder(RECOVERY_CODES_USED)
                .description("Sign-ins passed with a recovery code instead of a TOTP code, by codes left (0, 1, 2, more)")
                .withRegistry(registry);
        enrollmentsPostponed = Counter.builder(ENROLLMENTS_POSTPONED)
                .description("Enrollments postponed ('Later') during a roll-out's grace period").withRegistry(registry);
        clock = new ClockSkewEstimate().register(registry);
    }

    /** The meters on Micrometer's global registry, the one Keycloak exports. */
    public static TotpGuardMetrics global() {
        return GLOBAL;
    }

    /**
     * One checked code.
     *
     * @param entry the way in: {@link #ENTRY_BROWSER}, {@link #ENTRY_DIRECT_GRANT}, {@link #ENTRY_VALIDATE}
     * @param nanos how long judging took
     */
    public void verification(String realm, String entry, Attempt attempt, long nanos) {
        Attempt.Outcome outcome = attempt.outcome();
        String r = label(realm);
        String e = label(entry);
        verifications.withTags(REALM, r, ENTRY, e, OUTCOME, outcome.reason()).increment();
        duration.withTags(REALM, r, ENTRY, e, OUTCOME, outcome.reason()).record(Duration.ofNanos(Math.max(0L, nanos)));
        if (attempt.success()) {
            skew.withTags(REALM, r, SKEW_TAG, skewLabel(attempt.skew())).increment();
            clock.accepted(attempt.skew());
        }
        if (outcome == Attempt.Outcome.REPLAYED) {
            replays.withTags(REALM, r).increment();
        }
        lockoutReason(attempt).ifPresent(reason -> lockouts.withTags(REALM, r, REASON, reason).increment());
    }

    /** A submission refused without looking at it, because Keycloak's brute-force detection locks the user. */
    public void refusedByRealmLock(String realm, String entry) {
        String r = label(realm);
        verifications.withTags(REALM, r, ENTRY, label(entry), OUTCOME, Attempt.Outcome.LOCKED.reason()).increment();
        lockouts.withTags(REALM, r, REASON, LOCKOUT_REALM).increment();
    }

    /** The enrollment page was shown with a new secret. */
    public void enrollmentStarted(String realm) {
        enrollmentsStarted.withTags(REALM, label(realm)).increment();
    }

    /** A device was stored. */
    public void enrollmentCompleted(String realm) {
        enrollmentsCompleted.withTags(REALM, label(realm)).increment();
    }

    /** A confirmation was refused; {@code reason} is the event's reason ({@code invalid}, {@code malformed}…). */
    public void enrollmentFailed(String realm, String reason) {
        enrollmentFailures.withTags(REALM, label(realm), REASON, label(reason)).increment();
    }

    /** {@code -5}…{@code +5}; the ends stand for "that far or farther". */
    static String skewLabel(long skew) {
        long clamped = Math.max(-MAX_SKEW_LABEL, Math.min(MAX_SKEW_LABEL, skew));
        return clamped > 0 ? "+" + clamped : Long.toString(clamped);
    }

    /** {@code waiting} or {@code locked} when this attempt's failure started a wait or a lockout (the result says so). */
    static Optional<String> lockoutReason(Attempt attempt) {
        return Optional.ofNullable(attempt.transition().reason());
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    /** A sign-in passed with a recovery code; {@code left}: the user's unused recovery codes now. */
    public void recoveryCodeUsed(String realm, int left) {
        recoveryCodesUsed.withTags(REALM, label(realm), LEFT, left > 2 ? "more" : Integer.toString(Math.max(0, left))).increment();
    }

    /** A user chose "Later" on the enrollment page (grace period). */
    public void enrollmentPostponed(String realm) {
        enrollmentsPostponed.withTags(REALM, label(realm)).increment();
    }
}
