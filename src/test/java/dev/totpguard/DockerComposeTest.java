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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml without a Docker engine: the file parses, publishes its ports on 127.0.0.1 only, refers to files
 * that exist, and the keycloak service's entry point ({@code compose/keycloak-entrypoint.sh}, run here with bash and a
 * stand-in kc.sh) warns loudly about the committed demo secrets and admin/admin. Where a Compose client is installed,
 * {@code docker compose config -q} validates the file too.
 */
class DockerComposeTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path ENTRYPOINT = Path.of("compose/keycloak-entrypoint.sh");
    /** {@code ${VAR:-default}} in the Compose file. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE_FILE.toFile());
    }

    @Test
    void portsArePublishedOnTheLoopbackInterfaceOnly() {
        List<String> published = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            String mapping = port.isTextual() ? port.asText() : port.path("host_ip").asText() + ":" + port.path("published").asText();
            assertTrue(mapping.startsWith("127.0.0.1:"), service.getKey() + " publishes " + mapping + " beyond this machine");
            published.add(mapping);
        }));
        assertEquals(List.of("127.0.0.1:8080:8080", "127.0.0.1:9000:9000"), published);
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

    /** The real client's verdict where one is installed (the client suffices; no engine is needed for config). */
    @Test
    void composeClientAcceptsTheFileWhereInstalled() throws Exception {
        List<String> client = composeClient();
        if (client == null) {
            System.out.println("NOTE: no Docker Compose client (docker compose / docker-compose): docker-compose.yml "
                    + "checked by parsing it only (apt-get install docker-compose for `config -q`)");
            return;
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

    private static String demoKeyValue() throws IOException {
        return Files.readAllLines(Path.of("compose/totp-guard-keys.DEMO-ONLY")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow().split("=", 2)[1].strip();
    }

    private static void assertNoSecretIn(String output) throws IOException {
        assertFalse(output.contains(demoKeyValue()), "the key is never printed");
        assertFalse(output.contains(Files.readString(Path.of("compose/db-password.DEMO-ONLY")).strip()), "the password is never printed");
    }
}
