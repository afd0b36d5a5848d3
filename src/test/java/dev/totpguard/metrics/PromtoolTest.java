package dev.totpguard.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpguard.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.totpguard.metrics.MonitoringFiles.EXAMPLE_CONFIG;
import static dev.totpguard.metrics.MonitoringFiles.JSON;
import static dev.totpguard.metrics.MonitoringFiles.RULES;
import static dev.totpguard.metrics.MonitoringFiles.RULE_TESTS;
import static dev.totpguard.metrics.MonitoringFiles.YAML;
import static dev.totpguard.metrics.MonitoringFiles.alerts;
import static dev.totpguard.metrics.MonitoringFiles.dashboardQueries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The alert rules of {@code monitoring/} through Prometheus's own {@code promtool}: {@code check rules}, their unit
 * tests ({@code test rules}: each alert firing and not firing), the example configuration ({@code check config}), and
 * every dashboard query parsed as PromQL. Needs {@code promtool} (Debian package {@code prometheus}); without it the
 * class is skipped with one loud line, or fails under ./test.sh (see {@link ExternalTool}).
 */
class PromtoolTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        String configured = System.getProperty("promtool.path"); // lets a run point elsewhere, or nowhere
        Optional<Path> found = configured != null
                ? Optional.of(Path.of(configured))
                : ExternalTool.find("promtool", List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool")));
        promtool = ExternalTool.require(found, "promtool", "prometheus", "PromtoolTest");
    }


    @Test
    void alertRulesPassPromtoolCheck() {
        Run run = run(promtool.toString(), "check", "rules", RULES.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS: " + alerts().size() + " rules found"), run.output());
    }


    @Test
    void exampleConfigurationLoadsTheRules() {
        Run run = run(promtool.toString(), "check", "config", EXAMPLE_CONFIG.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("totp-guard-rules.yml") && run.output().contains("SUCCESS: " + alerts().size() + " rules found"),
                run.output());
    }


    @Test
    void alertRulesPassTheirPromtoolUnitTests() {
        Run run = run(promtool.toString(), "test", "rules", RULE_TESTS.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS"), run.output());
    }


    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path dir) throws IOException {
        // promtool parses every query as a recording rule, with Grafana's variables replaced by what they expand to
        Map<String, String> queries = dashboardQueries();
        assertTrue(queries.size() >= 15, queries::toString);
        ObjectNode file = JSON.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        int i = 0;
        for (String query : queries.values()) {
            String expanded = query.replace("$__rate_interval", "5m").replace("$__range", "6h")
                    .replace("$realm", ".*").replace("$instance", ".*");
            assertFalse(expanded.contains("$"), () -> "an unknown Grafana variable in " + query);
            rules.addObject().put("record", "dashboard:query_" + i++).put("expr", expanded);
        }
        Path generated = dir.resolve("dashboard-queries.yml");
        YAML.writeValue(generated.toFile(), file);
        Run run = run(promtool.toString(), "check", "rules", generated.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS: " + queries.size() + " rules found"), run.output());
    }

    record Run(int exit, String output) {
    }


    static Run run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
