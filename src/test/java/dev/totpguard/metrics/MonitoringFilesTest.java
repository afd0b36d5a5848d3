package dev.totpguard.metrics;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.totpguard.metrics.MonitoringFiles.DASHBOARD;
import static dev.totpguard.metrics.MonitoringFiles.JSON;
import static dev.totpguard.metrics.MonitoringFiles.RULES;
import static dev.totpguard.metrics.MonitoringFiles.RULE_TESTS;
import static dev.totpguard.metrics.MonitoringFiles.YAML;
import static dev.totpguard.metrics.MonitoringFiles.alerts;
import static dev.totpguard.metrics.MonitoringFiles.dashboardQueries;
import static dev.totpguard.metrics.MonitoringFiles.exportedMetrics;
import static dev.totpguard.metrics.MonitoringFiles.metricsIn;
import static dev.totpguard.metrics.MonitoringFiles.minus;
import static dev.totpguard.metrics.MonitoringFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code monitoring/} ships, read without Prometheus: the Grafana dashboard and the alert rules name only metrics
 * the extension exports (as a real Prometheus registry, the kind Keycloak serves, names them), every exported metric has
 * a panel, and every alert has promtool unit tests where it fires and where it does not. {@link PromtoolTest} runs the
 * rules and queries through promtool.
 */
class MonitoringFilesTest {

    /** The alerts issue 13 asks for, by what they watch. */
    private static final Set<String> ALERTS = Set.of("TotpGuardLowSuccessRate", "TotpGuardSlowVerifications",
            "TotpGuardCodeReplayed", "TotpGuardLockoutSpike", "TotpGuardKeyUnavailable", "TotpGuardClockSkew",
            "TotpGuardRecoveryCodeSpike");

    /** Metrics of the remembered-browser feature, registered by {@code remember.RememberMetrics}, not TotpGuardMetrics. */
    private static final Set<String> REMEMBER_METRICS = Set.of("totp_guard_prompts_skipped_total",
            "totp_guard_browsers_remembered_total");


    @Test
    void everyAlertIsTestedFiringAndNotFiring() {
        Map<String, JsonNode> alerts = alerts();
        assertEquals(ALERTS, alerts.keySet());
        for (JsonNode rule : alerts.values()) {
            String name = rule.get("alert").asText();
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), name + " severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " summary");
            assertFalse(rule.path("annotations").path("description").asText().isBlank(), name + " says what to do");
        }
        JsonNode tests = read(YAML, RULE_TESTS);
        assertEquals(List.of(RULES.getFileName().toString()), List.of(tests.get("rule_files").get(0).asText()));
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (JsonNode test : tests.get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.get("alertname").asText();
                assertTrue(alerts.containsKey(alert), "a test of an unknown alert: " + alert);
                (check.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
            }
        }
        assertEquals(ALERTS, firing, "each alert has a case where it fires");
        assertEquals(ALERTS, silent, "each alert has a case where it does not");
    }


    @Test
    void dashboardAndRulesNameOnlyExportedMetrics() {
        Set<String> exported = exportedMetrics();
        // what the registry names them: a sanity check of the names the rest relies on
        assertTrue(exported.containsAll(Set.of("totp_guard_verifications_total",
                "totp_guard_verification_duration_seconds_bucket", "totp_guard_clock_skew_estimate_steps")), exported::toString);
        Set<String> allowed = new HashSet<>(exported);
        allowed.addAll(REMEMBER_METRICS);

        Set<String> inDashboard = metricsIn(String.join("\n", dashboardQueries().values()));
        Set<String> inRules = metricsIn(alerts().values().stream().map(r -> r.get("expr").asText()).collect(Collectors.joining("\n")));
        assertTrue(allowed.containsAll(inDashboard), () -> "dashboard names metrics nobody exports: " + minus(inDashboard, allowed));
        assertTrue(allowed.containsAll(inRules), () -> "rules name metrics nobody exports: " + minus(inRules, allowed));

        // and the other way round: every exported family has a panel
        Set<String> families = exported.stream().map(MonitoringFiles::family).collect(Collectors.toSet());
        Set<String> shown = inDashboard.stream().map(MonitoringFiles::family).collect(Collectors.toSet());
        assertTrue(shown.containsAll(families), () -> "exported but on no panel: " + minus(families, shown));
    }


    @Test
    void dashboardIsAGrafanaModelWithTheServiceLevelPanels() {
        JsonNode dashboard = read(JSON, DASHBOARD);
        assertEquals("totp-guard", dashboard.get("uid").asText());
        assertTrue(dashboard.get("schemaVersion").asInt() >= 36);
        Set<String> variables = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.get("name").asText()));
        assertEquals(Set.of("datasource", "realm", "instance"), variables);
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue(ids.add(panel.get("id").asInt()), "duplicate panel id " + panel.get("id"));
            JsonNode grid = panel.get("gridPos");
            assertTrue(grid.get("x").asInt() >= 0 && grid.get("x").asInt() + grid.get("w").asInt() <= 24, panel.toString());
            if ("row".equals(panel.get("type").asText())) {
                continue;
            }
            titles.add(panel.get("title").asText());
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.get("title").asText());
            assertFalse(panel.path("description").asText().isBlank(), panel.get("title").asText());
            assertFalse(panel.path("targets").isEmpty(), panel.get("title").asText());
        }
        assertTrue(titles.containsAll(List.of("Verifications by outcome", "Success rate", "p95 verification time by way in",
                "Replays", "Lockouts by reason", "Skew of accepted codes", "Clock skew estimate per node",
                "Enrollment funnel", "Recovery codes used")), titles::toString);
    }
}
