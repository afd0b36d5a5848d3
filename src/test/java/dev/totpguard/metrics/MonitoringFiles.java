package dev.totpguard.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.totpguard.guard.Attempt;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The files of {@code monitoring/} as the tests read them, and the metric names the extension exports. */
final class MonitoringFiles {

    static final Path RULES = Path.of("monitoring/prometheus/totp-guard-rules.yml");
    static final Path RULE_TESTS = Path.of("monitoring/prometheus/totp-guard-rules.test.yml");
    static final Path EXAMPLE_CONFIG = Path.of("monitoring/prometheus/prometheus.yml");
    static final Path DASHBOARD = Path.of("monitoring/grafana/totp-guard-dashboard.json");

    static final Pattern METRIC = Pattern.compile("\\btotp_guard_[a-z0-9_]+");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {
    }


    /** The metric names a Prometheus registry (Keycloak's kind) shows after every public method of TotpGuardMetrics ran. */
    static Set<String> exportedMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TotpGuardMetrics metrics = new TotpGuardMetrics(registry);
        for (Method method : TotpGuardMetrics.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            for (Attempt.Outcome outcome : Attempt.Outcome.values()) {
                for (Attempt.Transition transition : Attempt.Transition.values()) {
                    Attempt attempt = new Attempt(outcome, "c1", "phone", 0L, 0, 1, transition);
                    Object[] args = new Object[method.getParameterCount()];
                    Class<?>[] types = method.getParameterTypes();
                    for (int i = 0; i < types.length; i++) {
                        args[i] = types[i] == String.class ? "demo" : types[i] == Attempt.class ? attempt
                                : types[i] == long.class ? 1_000_000L : types[i] == int.class ? 1
                                : types[i] == boolean.class ? Boolean.TRUE : null;
                        if (args[i] == null) {
                            fail("teach MonitoringTest to call " + method + " (parameter " + types[i] + ")");
                        }
                    }
                    try {
                        method.invoke(metrics, args);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(method.toString(), e);
                    }
                }
            }
        }
        Set<String> names = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            Matcher m = METRIC.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                names.add(m.group());
            }
        }
        return names;
    }


    /** Every query of the dashboard: panel targets and the variables' queries, keyed by where they are. */
    static Map<String, String> dashboardQueries() {
        JsonNode dashboard = read(JSON, DASHBOARD);
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.get("title").asText() + "/" + target.get("refId").asText(), target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asText("");
            Matcher m = Pattern.compile("label_values\\((\\w+),").matcher(query);
            if (m.find()) {
                queries.put("$" + variable.get("name").asText(), m.group(1));
            }
        }
        return queries;
    }


    /** The alert rules by name. */
    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : read(YAML, RULES).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                assertNotNull(rule.get("alert"), "only alert rules: " + rule);
                assertTrue(alerts.put(rule.get("alert").asText(), rule) == null, "duplicate " + rule.get("alert"));
            }
        }
        return alerts;
    }


    static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }


    /** {@code totp_guard_verification_duration_seconds} for its {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}. */
    static String family(String name) {
        return name.replaceAll("_(bucket|count|sum|max)$", "");
    }


    static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }


    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
