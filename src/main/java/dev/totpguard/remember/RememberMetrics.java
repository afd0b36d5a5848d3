package dev.totpguard.remember;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Meters of remembered browsers, on Micrometer's global registry (exported by Keycloak on {@code :9000/metrics}):
 * <ul>
 *   <li>{@value #SKIPPED} {@code _total} {realm, reason}: prompts not shown; reason {@value #REASON_REMEMBERED};</li>
 *   <li>{@value #REMEMBERED} {@code _total} {realm}: browsers remembered (the box ticked with a correct code).</li>
 * </ul>
 * Labels are the realm name and a fixed reason only.
 */
final class RememberMetrics {

    static final String SKIPPED = "totp.guard.prompts.skipped";
    static final String REMEMBERED = "totp.guard.browsers.remembered";
    static final String REASON_REMEMBERED = "remembered_browser";

    private RememberMetrics() {
    }

    static void skipped(String realm, String reason) {
        Counter.builder(SKIPPED).description("TOTP prompts skipped, by reason").tag("realm", realm).tag("reason", reason)
                .register(Metrics.globalRegistry).increment();
    }

    static void remembered(String realm) {
        Counter.builder(REMEMBERED).description("Browsers remembered at the TOTP prompt").tag("realm", realm)
                .register(Metrics.globalRegistry).increment();
    }
}
