package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clock health end to end: the server's clock is moved one step (30 s) ahead with Keycloak's time offset (our server
 * code reads time through Keycloak's {@code Time}), users sign in with the codes their phones show at the true time,
 * and then the node's estimate gauge on {@code :9000/metrics} reads -1, the server log has one warning naming the node,
 * and a real Prometheus (Debian's {@code prometheus}, its own temp dir and free port, scraping every second) loaded with
 * the shipped rules fires {@code TotpGuardClockSkew}. The rule ships with {@code for: 10m}; this test's copy of the
 * rules file has {@code for: 5s} for that one rule, everything else unchanged.
 *
 * <p>The estimate is per node and the server is shared with the other integration tests, so the test first signs in
 * enough users with the current step's code (skew 0) to fill the estimate's window and re-arm its warning whatever
 * came before, then a window's worth a step off. Each code is a different user's (imported seed, direct grant): a
 * phone has one code per step. The Prometheus graph of the gauge is saved to {@code target/screenshots/clock-skew.png}
 * when Chromium is installed (docs/operator-guide.md shows a copy, {@code docs/clock-skew.png}).
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ClockSkewIT {

    /** {@code ClockSkewEstimate.WINDOW}: the accepted codes the median is taken over. */
    private static final int WINDOW = 31;
    /** Codes at skew 0 that re-arm the warning from any state: half a window to bring the median back, then a window. */
    private static final int BASELINE = WINDOW / 2 + 1 + WINDOW;
    private static final String GAUGE = "totp_guard_clock_skew_estimate_steps";
    private static final String ALERT = "TotpGuardClockSkew";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void serverClockAStepAheadShowsInTheGaugeTheLogAndThePrometheusAlert() throws Exception {
        Path prometheusBinary = ExternalTool.require(
                ExternalTool.find("prometheus", List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"))),
                "prometheus", "prometheus", "ClockSkewIT");
        String realmUrl = TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName();
        AdminApi api = new AdminApi(realm.getName());
        String staff = AdminApi.staffToken(realm, "clock-staff", "view-users", "manage-users");
        List<TotpDevice> phones = new ArrayList<>();
        for (int i = 0; i < BASELINE + WINDOW; i++) {
            String username = DemoRealm.createUser(realm.admin(), "clock", false);
            phones.add(TotpDevice.imported(api, staff, username, DemoRealm.userId(realm.admin(), username), "phone", "seed"));
        }

        Prometheus prometheus = Prometheus.start(prometheusBinary, Files.createTempDirectory(Path.of("target"), "prometheus-"));
        try {
            timeOffSet.set(0);
            // the server's clock agrees with the phones: every code matches the server's step
            for (TotpDevice phone : phones.subList(0, BASELINE)) {
                signIn(realmUrl, phone, 0);
            }
            assertEquals(0.0, Scrape.now().sum(GAUGE), "clocks agree: estimate 0");
            prometheus.awaitQuery(GAUGE, v -> v == 0.0);
            assertTrue(prometheus.alerts(ALERT).isEmpty(), "no clock alert while the clocks agree");

            // the server's clock a step ahead; the phones still show the true time
            long logStart = ServerLog.size();
            timeOffSet.set(30);
            for (TotpDevice phone : phones.subList(BASELINE, BASELINE + WINDOW)) {
                signIn(realmUrl, phone, -1);
            }

            assertEquals(-1.0, Scrape.now().sum(GAUGE), "a step ahead: estimate -1");
            assertEquals(1, Scrape.now().matching(GAUGE).size(), "one gauge per node, no labels");
            List<String> warnings = ServerLog.linesSince(logStart).stream()
                    .filter(l -> l.contains("WARN") && l.contains("totp-guard: clock of node")).toList();
            assertEquals(1, warnings.size(), () -> "one warning for " + WINDOW + " codes, not one per code: " + warnings);
            String host = InetAddress.getLocalHost().getHostName();
            assertTrue(warnings.get(0).contains("clock of node " + host)
                    && warnings.get(0).contains("appears to run 1 step(s) ahead of its users' authenticator apps"), warnings.get(0));
            System.out.println("[figures] server log: " + warnings.get(0));

            JsonNode alert = prometheus.awaitFiring(ALERT);
            assertEquals("localhost:9000", alert.path("labels").path("instance").asText(), alert::toString);
            assertEquals("warning", alert.path("labels").path("severity").asText(), alert::toString);
            assertTrue(alert.path("annotations").path("summary").asText()
                    .startsWith("Clock of Keycloak node localhost:9000 is -1 step(s) off"), alert::toString);
            System.out.println("[figures] Prometheus alert: " + alert);

            prometheus.screenshot(GAUGE, Path.of("target", "screenshots", "clock-skew.png"));
        } finally {
            timeOffSet.set(0);
            prometheus.close();
        }
    }

    /** Signs in by direct grant with the code the phone shows now (the true time, not the server's). */
    private static void signIn(String realmUrl, TotpDevice phone, int expectedSkew) {
        TokenGrant.Reply reply = TokenGrant.password(realmUrl, phone.username(), Map.of("totp", phone.currentCode(0)));
        assertTrue(reply.hasTokens(), () -> "a code of the phone's step (skew " + expectedSkew + ") is accepted: " + reply);
    }

    /** Debian's Prometheus server, scraping Keycloak's management port every second with the shipped rules. */
    private static final class Prometheus implements AutoCloseable {

        private final Process process;
        private final String url;
        private final Path log;
        private final long started = System.nanoTime();

        private Prometheus(Process process, String url, Path log) {
            this.process = process;
            this.url = url;
            this.log = log;
        }

        static Prometheus start(Path binary, Path dir) throws IOException {
            String shipped = Files.readString(Path.of("monitoring/prometheus/totp-guard-rules.yml"));
            Path rules = dir.resolve("totp-guard-rules.yml");
            Files.writeString(rules, shortFor(shipped, ALERT, "10m", "5s"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + rules.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: keycloak",
                    "    metrics_path: /metrics",
                    "    static_configs:",
                    "      - targets: [\"localhost:9000\"]",
                    ""));
            int port = freePort();
            Path log = dir.resolve("prometheus.log");
            ServerLogOnFailure.alsoShow(log);
            Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config.toAbsolutePath(),
                    "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prometheus prometheus = new Prometheus(process, "http://127.0.0.1:" + port, log);
            try {
                prometheus.await("ready", () -> AdminApi.get(prometheus.url + "/-/ready", null, "text/plain").status() == 200);
            } catch (RuntimeException | AssertionError e) {
                prometheus.close();
                throw e;
            }
            return prometheus;
        }

        /** The rules with {@code for: from} of one alert replaced by {@code for: to}; fails if that is not exactly one line. */
        static String shortFor(String rules, String alert, String from, String to) {
            int start = rules.indexOf("- alert: " + alert + "\n");
            assertTrue(start >= 0, "no alert " + alert + " in the shipped rules");
            int end = rules.indexOf("- alert: ", start + 1);
            end = end < 0 ? rules.length() : end;
            String rule = rules.substring(start, end);
            String line = "for: " + from + "\n";
            assertEquals(1, rule.split(java.util.regex.Pattern.quote(line), -1).length - 1,
                    () -> alert + " should have exactly one '" + line.strip() + "'");
            return rules.substring(0, start) + rule.replace(line, "for: " + to + "\n") + rules.substring(end);
        }

        /** Waits until the instant query {@code expr} has a sample whose value passes {@code test}. */
        void awaitQuery(String expr, Predicate<Double> test) {
            await(expr + " in Prometheus", () -> {
                JsonNode result = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).path("data").path("result");
                for (JsonNode sample : result) {
                    if (test.test(Double.parseDouble(sample.path("value").get(1).asText()))) {
                        return true;
                    }
                }
                return false;
            });
        }

        /** The active alerts (pending or firing) named {@code name}. */
        List<JsonNode> alerts(String name) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
                if (name.equals(alert.path("labels").path("alertname").asText())) {
                    found.add(alert);
                }
            }
            return found;
        }

        JsonNode awaitFiring(String name) {
            JsonNode[] firing = new JsonNode[1];
            await(name + " firing", () -> {
                Optional<JsonNode> alert = alerts(name).stream().filter(a -> "firing".equals(a.path("state").asText())).findFirst();
                alert.ifPresent(a -> firing[0] = a);
                return alert.isPresent();
            });
            return firing[0];
        }

        /** Headless Chromium's picture of Prometheus's graph of {@code expr} since it started, if Chromium is there. */
        void screenshot(String expr, Path png) throws IOException, InterruptedException {
            Optional<Path> chromium = Chromium.binary();
            if (chromium.isEmpty()) {
                System.out.println("!!!!!!!!!! no chromium: ClockSkewIT takes no screenshot of the Prometheus graph !!!!!!!!!!");
                return;
            }
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
            String page = url + "/graph?g0.expr=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                    + "&g0.tab=0&g0.stacked=0&g0.range_input=" + (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 10) + "s";
            Process shot = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1280,1000", "--virtual-time-budget=8000",
                    "--screenshot=" + png.toAbsolutePath(), page)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!shot.waitFor(90, TimeUnit.SECONDS)) {
                shot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("chromium did not finish the screenshot within 90 s");
            }
            assertTrue(Files.exists(png) && Files.size(png) > 10_000, () -> "a screenshot of " + page);
            System.out.println("[figures] Prometheus graph of " + expr + ": " + png);
        }

        private JsonNode get(String path) {
            AdminApi.Reply reply = AdminApi.get(url + path, null);
            assertEquals(200, reply.status(), () -> path + ": " + reply);
            return reply.json();
        }

        private void await(String what, java.util.function.BooleanSupplier condition) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < end) {
                if (!process.isAlive()) {
                    fail("Prometheus exited (" + process.exitValue() + ") while waiting for " + what + "; see " + log);
                }
                try {
                    if (condition.getAsBoolean()) {
                        return;
                    }
                } catch (UncheckedIOException | AssertionError e) {
                    // not up yet
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            fail("Prometheus: no " + what + " within 90 s; see " + log);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
