package dev.totpguard.metrics;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * How far this node's clock is from its users' authenticator apps, estimated from the skew of accepted codes (matched
 * step minus the server's step): the median of the last {@value #WINDOW} accepted codes, in steps.
 *
 * <p>Per node, not per realm: the clock is the node's, every realm on it reads the same one, and pooling the realms'
 * codes gives a steadier estimate sooner. The median, not the mean: a few devices far off (a hardware token that
 * drifted, a phone set by hand) cannot move it, only a majority of recent sign-ins can; a negative estimate means the
 * codes match earlier steps than the server's, so the server's clock is <em>ahead</em> of the phones.
 *
 * <p>When the estimate reaches a whole step ({@code |estimate| >= 1}) it logs one WARNING naming the node; it warns
 * again only after the estimate has stayed below a step for {@value #WINDOW} accepted codes in a row (then it logs
 * that the clock is back, at INFO), so an estimate hovering at the edge does not log on every code.
 *
 * <p>Bounded memory ({@value #WINDOW} small integers), thread-safe (one short lock per accepted code), and nothing
 * about a user, a device or a code: only skews, clamped to ±{@value #MAX_SKEW}. The gauge is {@value #NAME} (Prometheus
 * {@code totp_guard_clock_skew_estimate_steps}, no labels): {@code NaN} until {@value #MIN_SAMPLES} codes were
 * accepted since the node started.
 */
public final class ClockSkewEstimate {

    static final String NAME = "totp.guard.clock.skew.estimate";
    /** Accepted codes the median is taken over; odd, so a full window's median is one of the skews. */
    static final int WINDOW = 31;
    /** No estimate from fewer codes. */
    static final int MIN_SAMPLES = 11;
    /** Skews are stored clamped to this (a median cannot tell 5 from 500). */
    static final int MAX_SKEW = 5;

    private static final Logger LOG = Logger.getLogger(ClockSkewEstimate.class);

    private final int[] skews = new int[WINDOW];
    private final String node;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private int count;
    private int next;
    private double estimate = Double.NaN;
    private boolean warned;
    private int calm;

    /** Logs through JBoss Logging, naming the node as {@link #nodeName()} does. */
    public ClockSkewEstimate() {
        this(nodeName(), LOG::warn, LOG::info);
    }

    ClockSkewEstimate(String node, Consumer<String> warn, Consumer<String> info) {
        this.node = node;
        this.warn = warn;
        this.info = info;
    }

    /** Registers the gauge {@value #NAME} on {@code registry}, reading this estimate. */
    ClockSkewEstimate register(MeterRegistry registry) {
        Gauge.builder(NAME, this, ClockSkewEstimate::estimate)
                .description("This node's clock minus its users' authenticator apps, estimated as the median skew "
                        + "(matched step minus server step) of the last " + WINDOW + " accepted TOTP codes; "
                        + "negative: the server is ahead")
                .baseUnit("steps")
                .strongReference(true)
                .register(registry);
        return this;
    }

    /** One accepted code whose matched step was {@code skew} steps from the server's. */
    public void accepted(long skew) {
        String message = null;
        boolean warning = false;
        synchronized (this) {
            skews[next] = (int) Math.max(-MAX_SKEW, Math.min(MAX_SKEW, skew));
            next = (next + 1) % WINDOW;
            count = Math.min(count + 1, WINDOW);
            estimate = count < MIN_SAMPLES ? Double.NaN : median();
            boolean off = Math.abs(estimate) >= 1;
            if (off) {
                calm = 0;
                if (!warned) {
                    warned = true;
                    warning = true;
                    message = offMessage(estimate);
                }
            } else if (warned && ++calm >= WINDOW) {
                warned = false;
                calm = 0;
                message = String.format(Locale.ROOT, "totp-guard: clock of node %s is back within one "
                        + "time step of its users' authenticator apps (median skew of the last %d accepted codes: %s "
                        + "steps)", node, count, format(estimate));
            }
        }
        if (message != null) {
            (warning ? warn : info).accept(message);
        }
    }

    /** The median skew of the last accepted codes, in steps; {@code NaN} before {@value #MIN_SAMPLES} codes. */
    public synchronized double estimate() {
        return estimate;
    }

    private double median() {
        int[] sorted = Arrays.copyOf(skews, count);
        Arrays.sort(sorted);
        int mid = count / 2;
        return count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private String offMessage(double steps) {
        return String.format(Locale.ROOT, "totp-guard: clock of node %s appears to run %s step(s) %s its "
                        + "users' authenticator apps: the median skew of the last %d accepted codes is %s steps (matched "
                        + "step minus server step). Codes are accepted at the edge of the window and will be refused "
                        + "once the clock is two steps off: check time synchronisation (NTP) on this host",
                node, format(Math.abs(steps)), steps < 0 ? "ahead of" : "behind", count, format(steps));
    }

    private static String format(double steps) {
        return steps == Math.rint(steps) ? Long.toString((long) steps) : Double.toString(steps);
    }

    /**
     * This node as the log names it: the host name, and Keycloak's cluster node name when set through
     * {@code jboss.node.name}.
     */
    static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        String keycloakNode = System.getProperty("jboss.node.name");
        return keycloakNode == null || keycloakNode.isBlank() || keycloakNode.equals(host)
                ? host : keycloakNode + " (host " + host + ")";
    }
}
