package dev.totpguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.totpguard.credential.SeedKeys;
import dev.totpguard.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml and the Dockerfile without a Docker engine: the file parses, publishes its ports on 127.0.0.1
 * only, refers to files that exist, builds Keycloak from the Dockerfile of this version, runs it as the uid that can
 * read the key file, puts the mail sink where the demo realm sends mail, documents every variable it reads, and the
 * keycloak service's entry point ({@code compose/keycloak-entrypoint.sh}, run here with bash and a stand-in kc.sh) stops
 * with the fix for an unreadable secret or a jar Docker turned into a directory, and warns loudly about the committed
 * demo secrets and admin/admin. A Compose client validates the file too ({@code config -q}).
 */
class DockerComposeTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path ENTRYPOINT = Path.of("compose/keycloak-entrypoint.sh");
    /** {@code ${VAR:-default}} in the Compose file. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    private static JsonNode compose;
    private static String pom;

    @BeforeAll
    static void parse() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE_FILE.toFile());
        pom = Files.readString(Path.of("pom.xml"));
    }

    @Test
    void portsArePublishedOnTheLoopbackInterfaceOnly() {
        List<String> published = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            String mapping = port.isTextual() ? port.asText() : port.path("host_ip").asText() + ":" + port.path("published").asText();
            assertTrue(mapping.startsWith("127.0.0.1:"), service.getKey() + " publishes " + mapping + " beyond this machine");
            published.add(mapping);
        }));
        assertEquals(List.of("127.0.0.1:8080:8080", "127.0.0.1:9000:9000", "127.0.0.1:3080:3080"), published);
        assertTrue(compose.at("/services/postgres/ports").isMissingNode(), "the database is not published at all");
    }

    @Test
    void referencedFilesExistAndTheEntrypointIsMounted() {
        JsonNode keycloak = compose.at("/services/keycloak");
        assertEquals("/opt/totp-guard/keycloak-entrypoint.sh", keycloak.get("entrypoint").get(1).asText());
        List<String> volumes = new ArrayList<>();
        keycloak.get("volumes").forEach(v -> volumes.add(v.asText()));
        assertTrue(volumes.contains("./compose:/opt/totp-guard:ro"), volumes.toString());
        assertTrue(Files.isRegularFile(ENTRYPOINT));
        compose.get("secrets").fields().forEachRemaining(secret -> {
            Matcher file = DEFAULTED.matcher(secret.getValue().get("file").asText());
            assertTrue(file.matches(), secret.getKey() + ": a file with a default");
            assertTrue(file.group(1).endsWith(".DEMO-ONLY") && Files.isRegularFile(Path.of(file.group(1))), file.group(1));
        });
        for (JsonNode volume : keycloak.get("volumes")) {
            String source = volume.asText().split(":")[0];
            if (!source.contains("${")) {
                assertTrue(Files.exists(Path.of(source)), source);
            }
        }
    }

    @Test
    void keycloakIsBuiltFromTheDockerfileWithThisVersionsJarAndStartsOptimized() throws IOException {
        JsonNode keycloak = compose.at("/services/keycloak");
        assertEquals(".", keycloak.at("/build/context").asText());
        assertEquals("Dockerfile", keycloak.at("/build/dockerfile").asText());
        assertEquals("keycloak-totp-guard:" + projectVersion(), keycloak.get("image").asText(), "the built image is named after this version");
        assertTrue(keycloak.get("command").toString().contains("\"--optimized\""), "the image is built: start --optimized");

        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String base = "quay.io/keycloak/keycloak:" + property("keycloak.dist.version");
        assertEquals(List.of(base + " AS builder", base), lines(dockerfile, "FROM "), "both stages on the Keycloak the tests run");
        assertEquals(List.of("--chown=1000:0 target/keycloak-totp-guard-" + projectVersion() + ".jar /opt/keycloak/providers/keycloak-totp-guard.jar",
                "--from=builder --chown=1000:0 /opt/keycloak/ /opt/keycloak/"), lines(dockerfile, "COPY "));
        assertTrue(dockerfile.contains("RUN /opt/keycloak/bin/kc.sh build"), "optimized at build time");
        assertEquals(List.of("KC_DB=postgres", "KC_HEALTH_ENABLED=true", "KC_METRICS_ENABLED=true"), lines(dockerfile, "ENV "),
                "the build options the compose file's environment repeats");
        for (String option : List.of("KC_DB", "KC_HEALTH_ENABLED", "KC_METRICS_ENABLED")) {
            String value = lines(dockerfile, "ENV " + option + "=").get(0);
            assertEquals(value, keycloak.at("/environment/" + option).asText(), option + " at run time as built");
        }
        // target/ holds unpacked Keycloak distributions: the build context is the jar alone
        assertEquals(List.of("*", "!target/keycloak-totp-guard-*.jar", "target/keycloak-totp-guard-*-sources.jar"),
                Files.readAllLines(Path.of(".dockerignore")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    }

    @Test
    void keycloakRunsAsTheUidThatCanReadTheKeyFileAndEveryVariableIsDocumented() throws IOException {
        assertEquals("${TOTP_GUARD_UID:-1000}:0", compose.at("/services/keycloak/user").asText(), "any uid, group 0 as Keycloak's image expects");
        List<String> text = Files.readAllLines(COMPOSE_FILE);
        String header = String.join("\n", text.stream().takeWhile(l -> l.startsWith("#")).toList());
        Matcher variable = Pattern.compile("\\$\\{([A-Z_]+)").matcher(String.join("\n", text.stream().filter(l -> !l.strip().startsWith("#")).toList()));
        List<String> undocumented = new ArrayList<>();
        int count = 0;
        while (variable.find()) {
            count++;
            if (!header.contains(variable.group(1))) {
                undocumented.add(variable.group(1));
            }
        }
        assertTrue(count >= 5, "variables read: " + count);
        assertEquals(List.of(), undocumented, "every variable the file reads is explained in its header");
    }

    @Test
    void theMailSinkListensWhereTheDemoRealmSendsMail() throws IOException {
        JsonNode smtp = new ObjectMapper().readTree(Path.of("realm-export/totp-demo-realm.json").toFile()).get("smtpServer");
        assertEquals("localhost", smtp.get("host").asText());
        assertEquals("3025", smtp.get("port").asText(), "GreenMail's test SMTP port");
        JsonNode sink = compose.at("/services/mail-sink");
        assertEquals("service:keycloak", sink.get("network_mode").asText(), "localhost inside Keycloak's container is the sink");
        assertEquals("greenmail/standalone:" + property("greenmail-standalone.version"), sink.get("image").asText(), "the GreenMail of mvn -Pdemo");
        List<String> options = List.of(sink.at("/environment/GREENMAIL_OPTS").asText().split("\\s+"));
        assertTrue(options.containsAll(List.of("-Dgreenmail.setup.test.smtp", "-Dgreenmail.hostname=127.0.0.1", "-Dgreenmail.auth.disabled",
                "-Dgreenmail.api.hostname=0.0.0.0", "-Dgreenmail.api.port=3080")), options.toString());
        assertTrue(compose.at("/services/mail-sink/ports").isMissingNode(), "its network's ports are the keycloak service's");
    }

    /**
     * The real client's verdict (the client suffices; no engine is needed for config): {@code docker compose}, else
     * {@code docker-compose} (Debian's package, which ./test.sh installs); missing, the test fails under test.sh and is
     * skipped, loudly, otherwise.
     */
    @Test
    void composeClientAcceptsTheFile() throws Exception {
        List<String> client = composeClient();
        if (client == null) {
            client = List.of(ExternalTool.require(ExternalTool.find("docker-compose", List.of()), "docker-compose",
                    "docker-compose", "DockerComposeTest.composeClientAcceptsTheFile").toString());
        }
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
        Result result = run(command, Map.of());
        assertEquals(0, result.exit(), () -> String.join(" ", command) + ": " + result.stdout() + result.stderr());
    }

    @Test
    void entrypointWarnsAboutEveryDemoSecretAndStartsKeycloakAnyway(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.copy(Path.of("compose/totp-guard-keys.DEMO-ONLY"), secrets.resolve("totp-guard-keys"));
        Files.copy(Path.of("compose/db-password.DEMO-ONLY"), secrets.resolve("db-password"));
        Result result = entrypoint(dir, Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"));

        assertEquals(0, result.exit(), result.stderr());
        assertEquals("kc.sh start --import-realm; KC_DB_PASSWORD set: yes", result.stdout().strip(), "kc.sh gets the command");
        String warning = result.stderr();
        assertTrue(warning.contains("# WARNING: DEMO-ONLY SECRETS"), warning);
        assertTrue(warning.contains("PUBLIC demo key of compose/totp-guard-keys.DEMO-ONLY"), warning);
        assertTrue(warning.contains("PUBLIC demo password of compose/db-password.DEMO-ONLY"), warning);
        assertTrue(warning.contains("bootstrap admin of the master realm is admin / admin"), warning);
        assertTrue(warning.contains("dev.totpguard.credential.SeedKeys ~/totp-guard-secrets/totp-guard-keys"), "says how to make real ones");
        assertNoSecretIn(warning);
    }

    @Test
    void anUnreadableSecretStopsBeforeKeycloakWithTheFix(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.copy(Path.of("compose/db-password.DEMO-ONLY"), secrets.resolve("db-password"));
        Result result = entrypoint(dir, Map.of("KC_BOOTSTRAP_ADMIN_PASSWORD", "long-and-random"));
        assertEquals(1, result.exit());
        assertEquals("", result.stdout(), "kc.sh is not started");
        assertTrue(result.stderr().startsWith("ERROR: cannot read the secret " + secrets.resolve("totp-guard-keys") + " as uid "), result.stderr());
        assertTrue(result.stderr().contains("TOTP_GUARD_UID=$(id -u) docker compose up") && result.stderr().contains("sudo chown 1000"), result.stderr());
    }

    @Test
    void aDirectoryInPlaceOfTheJarStopsBeforeKeycloakWithTheFix(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("totp-guard-keys"), SeedKeys.newKeyLine("k1", new SecureRandom()) + "\n");
        Files.writeString(secrets.resolve("db-password"), "a-real-password\n");
        Files.createDirectories(dir.resolve("providers/keycloak-totp-guard.jar"));
        Result result = entrypoint(dir, Map.of("KC_BOOTSTRAP_ADMIN_PASSWORD", "long-and-random"));
        assertEquals(1, result.exit());
        assertEquals("", result.stdout(), "kc.sh is not started");
        assertTrue(result.stderr().startsWith("ERROR: " + dir.resolve("providers/keycloak-totp-guard.jar") + " is a directory, not a jar"), result.stderr());
        assertTrue(result.stderr().contains("mvn -DskipTests package"), result.stderr());
    }

    @Test
    void theDemoKeyUnderAnotherIdIsStillTheDemoKey(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        String demoValue = demoKeyValue();
        Files.writeString(secrets.resolve("totp-guard-keys"), SeedKeys.newKeyLine("mine", new SecureRandom()) + "\n"
                + "  renamed = " + demoValue + "\r\n");
        Files.writeString(secrets.resolve("db-password"), "a-real-password\n");
        Result result = entrypoint(dir, Map.of("KC_BOOTSTRAP_ADMIN_PASSWORD", "long-and-random"));
        assertTrue(result.stderr().contains("PUBLIC demo key"), result.stderr());
        assertFalse(result.stderr().contains("PUBLIC demo password") || result.stderr().contains("bootstrap admin of the master realm"), result.stderr());
    }

    @Test
    void realSecretsStartQuietly(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("totp-guard-keys"), "# ours\n" + SeedKeys.newKeyLine("k1", new SecureRandom()) + "\n");
        Files.writeString(secrets.resolve("db-password"), "a-real-password\n");
        Result result = entrypoint(dir, Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "root", "KC_BOOTSTRAP_ADMIN_PASSWORD", "long-and-random"));
        assertEquals(0, result.exit(), result.stderr());
        assertEquals("", result.stderr());
        assertEquals("kc.sh start --import-realm; KC_DB_PASSWORD set: yes", result.stdout().strip());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Result(int exit, String stdout, String stderr) {
    }

    /** Runs the entry point with the secrets in {@code dir/secrets} and a kc.sh that reports what it was given. */
    private static Result entrypoint(Path dir, Map<String, String> env) throws Exception {
        Path kcSh = Files.writeString(dir.resolve("kc.sh"),
                "#!/bin/bash\necho \"kc.sh $*; KC_DB_PASSWORD set: ${KC_DB_PASSWORD:+yes}\"\n");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TOTP_GUARD_SECRETS_DIR", dir.resolve("secrets").toString());
        all.put("TOTP_GUARD_DEMO_DIR", Path.of("compose").toAbsolutePath().toString());
        all.put("TOTP_GUARD_KC_SH", kcSh.toString());
        all.put("TOTP_GUARD_PROVIDERS_DIR", dir.resolve("providers").toString());
        kcSh.toFile().setExecutable(true);
        return run(List.of("bash", ENTRYPOINT.toString(), "start", "--import-realm"), all);
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_USERNAME");
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_PASSWORD");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("compose-test", ".out");
        Path err = Files.createTempFile("compose-test", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> composeClient() throws InterruptedException {
        for (List<String> client : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(client);
            version.add("version");
            try {
                if (run(version, Map.of()).exit() == 0) {
                    return client;
                }
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // not usable
            }
        }
        return null;
    }

    /** The rest of every line of {@code text} that starts with {@code prefix}. */
    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).toList();
    }

    private static String property(String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(value.find(), "pom.xml property " + name);
        return value.group(1).strip();
    }

    private static String projectVersion() {
        Matcher version = Pattern.compile("<artifactId>keycloak-totp-guard</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "pom.xml: the project's version");
        return version.group(1).strip();
    }

    private static String demoKeyValue() throws IOException {
        return Files.readAllLines(Path.of("compose/totp-guard-keys.DEMO-ONLY")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow().split("=", 2)[1].strip();
    }

    private static void assertNoSecretIn(String output) throws IOException {
        assertFalse(output.contains(demoKeyValue()), "the key is never printed");
        assertFalse(output.contains(Files.readString(Path.of("compose/db-password.DEMO-ONLY")).strip()), "the password is never printed");
    }
}
