package dev.totpguard.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.credential.SeedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.models.utils.Base32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Keycloak versions the jar runs on: the latest patch of every older Keycloak 26 minor on Maven Central
 * ({@code -Dtotpguard.matrix}, default in the pom), each started once from its own distribution (dev mode, H2, ports
 * {@value #PORT}/{@value #MANAGEMENT_PORT}) with the jar, a seed key and the demo realm, then one smoke run: enroll by
 * QR code, sign in with a code, the same code refused, the direct grant without and with a code, the admin API's status,
 * a sign-in with a recovery code, the device removed through the account REST API. The newest version is the whole suite's. The run is written to
 * {@code target/works-with.md}, and README's "Works with" table must agree with it.
 */
class VersionMatrixIT {

    static final int PORT = 8680;
    static final int MANAGEMENT_PORT = 9680;
    static final String WORKS = "works";

    private static final Path README = Path.of("README.md");
    private static final Path REPORT = Path.of("target", "works-with.md");

    @Test
    void everyMatrixVersionPassesTheSmokeRunAndReadmeSaysSo(@TempDir Path work) throws IOException {
        List<String> versions = versions(System.getProperty("totpguard.matrix", ""));
        Map<String, String> results = new LinkedHashMap<>();
        for (String version : versions) {
            results.put(version, smokeRun(version, work.resolve(version)));
        }
        String newest = System.getProperty("totpguard.dist.version", "26.7.3");
        WorksWith table = new WorksWith(newest, results, LocalDate.now(ZoneOffset.UTC));
        Files.writeString(REPORT, table.markdown());
        System.out.println("[figures] Keycloak version matrix (" + REPORT + "):\n" + table.markdown());

        results.forEach((version, result) -> assertEquals(WORKS, result, "Keycloak " + version + ": " + result));
        boolean defaultMatrix = versions.equals(versions(System.getProperty("totpguard.matrix.default", "")));
        List<String> problems = table.disagreements(Files.readString(README), defaultMatrix);
        assertTrue(problems.isEmpty(), () -> "README's Works-with table (between <!-- works-with:start --> and "
                + "<!-- works-with:end -->) does not say what this run found: " + problems + "; the run's table is in " + REPORT);
    }

    static List<String> versions(String property) {
        List<String> versions = Arrays.stream(property.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        for (String version : versions) {
            if (!KeycloakDists.VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("-Dtotpguard.matrix: '" + version + "' is not a released Keycloak version "
                        + "(a comma-separated list like 26.4.7,26.5.6)");
            }
        }
        return versions;
    }

    /** "works", or the step that failed and why (no page body, no code, no seed). */
    private static String smokeRun(String version, Path work) throws IOException {
        Path dist = KeycloakDists.unpacked(version);
        Files.createDirectories(work);
        Path keys = Files.writeString(work.resolve("totp-guard-keys"),
                SeedKeys.newKeyLine("matrix", new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        long started = System.nanoTime();
        try (KeycloakProcess keycloak = new KeycloakProcess(dist, work, PORT, MANAGEMENT_PORT)) {
            String step = "start";
            try {
                keycloak.start(keys);
                Smoke smoke = new Smoke(keycloak.baseUrl() + "/realms/totp-demo", keycloak.baseUrl());
                for (Map.Entry<String, Runnable> next : smoke.steps().entrySet()) {
                    step = next.getKey();
                    next.getValue().run();
                }
                return WORKS;
            } catch (AssertionError | RuntimeException e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
                return "fails at " + step + ": " + (reason.length() > 160 ? reason.substring(0, 160) + "…" : reason);
            } finally {
                System.out.printf("[figures] Keycloak %s: smoke run in %d s%n", version, (System.nanoTime() - started) / 1_000_000_000L);
            }
        }
    }

    /** The smoke steps on one server, in order, sharing the user carol's device. */
    private static final class Smoke {
        private final String realmUrl;
        private final String baseUrl;
        private final AdminApi api;
        private byte[] secret;
        private long step;
        private String signInCode;
        private String accessToken;
        private String userId;
        private String deviceId;
        private List<String> recoveryCodes;

        Smoke(String realmUrl, String baseUrl) {
            this.realmUrl = realmUrl;
            this.baseUrl = baseUrl;
            this.api = new AdminApi("totp-demo", baseUrl);
        }

        Map<String, Runnable> steps() {
            Map<String, Runnable> steps = new LinkedHashMap<>();
            steps.put("realm setup", this::realmSetup);
            steps.put("enroll by QR code", this::enroll);
            steps.put("sign in with a code", this::signIn);
            steps.put("replay refused", this::replay);
            steps.put("direct grant", this::directGrant);
            steps.put("admin API status", this::adminStatus);
            steps.put("recovery code", this::recoveryCode);
            steps.put("device removal (account REST API)", this::removal);
            return steps;
        }

        /**
         * The realm's brute-force detection off, as DirectGrantIT does: its quick-login check would lock carol between
         * two refusals a second apart (the replay, the password alone). Our own limits stay on.
         */
        private void realmSetup() {
            AdminApi.Reply updated = AdminApi.put(baseUrl + "/admin/realms/totp-demo", api.masterAdminToken(),
                    "{\"bruteForceProtected\":false}");
            assertEquals(204, updated.status(), () -> "realm update: HTTP " + updated.status());
        }

        /** carol (realm role admin) enrolls at her first sign-in, with the code of the step before (window 1), and takes recovery codes. */
        private void enroll() {
            Browser browser = new Browser(realmUrl);
            Browser.Page enrollment = DemoRealm.password(browser, "carol");
            assertTrue(enrollment.isEnrollment(), () -> "expected the enrollment page, got " + enrollment);
            secret = DemoRealm.secretOfQr(enrollment);
            assertEquals(DemoRealm.shownKey(enrollment), Base32.encode(secret).replace("=", ""), "QR code and key agree");
            Codes.awayFromStepBoundary(0);
            step = Codes.currentStep(30);
            Browser.Page codes = browser.submitForm(enrollment, "kc-totp-guard-enroll-form", Map.of(
                    "otp", Codes.sha1(secret, step - 1), "userLabel", "phone", "recoveryCodes", "on"));
            RecoveryCodePages.Saved saved = RecoveryCodePages.save(browser, codes);
            assertTrue(saved.next().isRedirectToClient(), () -> "enrollment finishes the sign-in, got " + saved.next());
            recoveryCodes = saved.codes();
        }

        private void signIn() {
            signInCode = Codes.sha1(secret, step);
            DemoRealm.Prompt prompt = prompt();
            Browser.Page done = prompt.submit(signInCode);
            assertTrue(done.isRedirectToClient(), () -> "signed in with a code, got " + done);
            accessToken = prompt.browser().exchange(done).get("access_token").asText();
        }

        private void replay() {
            Browser.Page again = prompt().submit(signInCode);
            assertTrue(again.isCodePrompt() && again.codeError().isPresent(), () -> "the same code is refused, got " + again);
        }

        private void directGrant() {
            TokenGrant.Reply passwordOnly = TokenGrant.password(realmUrl, "carol");
            assertFalse(passwordOnly.status() == 200, () -> "no tokens for the password alone, got HTTP " + passwordOnly.status());
            assertEquals("invalid_grant", passwordOnly.error(), "password alone");
            TokenGrant.Reply withCode = TokenGrant.password(realmUrl, "carol", Map.of("totp", Codes.sha1(secret, step + 1)));
            assertTrue(withCode.hasTokens(), () -> "tokens with a fresh code, got HTTP " + withCode.status() + " " + withCode.error());
        }

        private void adminStatus() {
            String token = api.masterAdminToken();
            AdminApi.Reply users = AdminApi.get(baseUrl + "/admin/realms/totp-demo/users?exact=true&username=carol", token);
            assertEquals(200, users.status(), "find carol");
            userId = users.json().get(0).get("id").asText();
            JsonNode status = status(token);
            assertEquals("carol", status.path("username").asText(), "status of carol");
            assertEquals(1, status.path("devices").size(), "one device");
            assertEquals("phone", status.path("devices").get(0).path("label").asText(), "the device's label");
            deviceId = status.path("devices").get(0).path("id").asText();
        }

        /** carol removes her device through the account REST API with the token of her sign-in with a code. */
        private void removal() {
            AdminApi.Reply removed = AdminApi.delete(realmUrl + "/account/credentials/" + deviceId, accessToken);
            assertEquals(204, removed.status(), () -> "removed: HTTP " + removed.status());
            assertEquals(0, status(api.masterAdminToken()).path("devices").size(), "no device left");
        }

        private JsonNode status(String token) {
            AdminApi.Reply reply = api.call("GET", "users/" + userId, token);
            assertEquals(200, reply.status(), () -> "status: HTTP " + reply.status());
            return reply.json();
        }

        private void recoveryCode() {
            Browser browser = new Browser(realmUrl);
            Browser.Page prompt = DemoRealm.password(browser, "carol");
            assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
            Browser.Page after = RecoveryCodePages.answer(browser, RecoveryCodePages.tryAnotherWay(browser, prompt), recoveryCodes);
            assertTrue(after.isEnrollment() && after.body().contains("id=\"totp-guard-recovery-used\""),
                    () -> "a recovery code signs in and leads to setting up a new device, got " + after);
        }

        private DemoRealm.Prompt prompt() {
            Browser browser = new Browser(realmUrl);
            Browser.Page page = DemoRealm.password(browser, "carol");
            assertTrue(page.isCodePrompt(), () -> "expected the code prompt, got " + page);
            return new DemoRealm.Prompt(browser, page);
        }
    }

    /** The "Works with" table: the newest version (whole suite) and this run's versions. */
    record WorksWith(String newest, Map<String, String> results, LocalDate date) {

        static final Comparator<String> NEWEST_FIRST = Comparator.comparing(
                (String v) -> Arrays.stream(v.split("\\.")).mapToInt(Integer::parseInt).toArray(), Arrays::compare).reversed();

        String markdown() {
            StringBuilder md = new StringBuilder("| Keycloak | result | how it was tested |\n|---|---|---|\n");
            md.append("| ").append(newest).append(" | ").append(WORKS).append(" | the whole test suite (`./test.sh`) |\n");
            results.entrySet().stream().sorted(Map.Entry.comparingByKey(NEWEST_FIRST)).forEach(row -> md.append("| ")
                    .append(row.getKey()).append(" | ").append(row.getValue().replace("|", "/"))
                    .append(" | smoke test `VersionMatrixIT`, ").append(date).append(" |\n"));
            return md.toString();
        }

        /**
         * Where README's table (between the works-with markers) differs from this run: every tested version with this
         * run's result; the newest as working; and, for the default matrix, no other version said to work.
         */
        List<String> disagreements(String readme, boolean defaultMatrix) {
            Map<String, String> readmeRows = rows(readme);
            List<String> problems = new ArrayList<>();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put(newest, WORKS);
            expected.putAll(results);
            expected.forEach((version, result) -> {
                if (!readmeRows.containsKey(version)) {
                    problems.add(version + ": README has no row, the run found " + result);
                } else if (!result.equals(readmeRows.get(version))) {
                    problems.add(version + ": README says " + readmeRows.get(version) + ", the run found " + result);
                }
            });
            if (defaultMatrix) {
                readmeRows.forEach((version, result) -> {
                    if (WORKS.equals(result) && !expected.containsKey(version)) {
                        problems.add(version + ": README says it works, but this run did not test it");
                    }
                });
            }
            return problems;
        }

        /** Version → result cell of each row between the markers. */
        static Map<String, String> rows(String readme) {
            int start = readme.indexOf("<!-- works-with:start -->");
            int end = readme.indexOf("<!-- works-with:end -->");
            if (start < 0 || end < start) {
                throw new AssertionError("README.md has no <!-- works-with:start --> … <!-- works-with:end --> section");
            }
            Map<String, String> rows = new LinkedHashMap<>();
            for (String line : readme.substring(start, end).lines().toList()) {
                String[] cells = line.strip().split("\\|");
                if (cells.length >= 3 && line.strip().startsWith("|") && !cells[1].isBlank() && !cells[1].contains("---")) {
                    rows.put(cells[1].strip(), cells[2].strip());
                }
            }
            return rows;
        }
    }
}
