package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak distribution of its own, by default the tests' distribution on ports 8180/9100 with its own H2 file, for
 * tests that restart the server or change its keys (the test framework's server keeps 8080); {@link VersionMatrixIT}
 * runs other Keycloak versions through it on ports of their own. Stopped by {@link #stop()}; every wait is bounded.
 */
final class KeycloakProcess implements AutoCloseable {

    static final int PORT = 8180;
    static final int MANAGEMENT_PORT = 9100;
    static final String BASE_URL = "http://localhost:" + PORT;
    /** Credentials of its H2 file database, for tests that dump it after a stop. */
    static final String DB_USER = "totpguard";
    static final String DB_PASSWORD = "totpguard-it";

    private final Path home;
    private final Path log;
    private final int port;
    private final int managementPort;
    private Process process;

    /** The tests' distribution on {@value #PORT}/{@value #MANAGEMENT_PORT}. */
    KeycloakProcess(Path workDir) {
        this(Path.of(System.getProperty("totpguard.it.dist", "target/it-dist/keycloak-26.7.3")), workDir, PORT, MANAGEMENT_PORT);
    }

    /** Copies the unpacked distribution {@code dist} once, installs our jar and the demo realm for import. */
    KeycloakProcess(Path dist, Path workDir, int port, int managementPort) {
        this.port = port;
        this.managementPort = managementPort;
        Path jar = Path.of(System.getProperty("totpguard.jar", "target/keycloak-totp-guard-0.2.0.jar"));
        if (!Files.isDirectory(dist) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("run through `mvn verify`: needs the unpacked distribution " + dist + " and " + jar);
        }
        this.home = workDir.resolve("keycloak");
        this.log = workDir.resolve("server.log");
        ServerLogOnFailure.alsoShow(log);
        try {
            copyTree(dist, home);
            Files.copy(jar, home.resolve("providers").resolve("keycloak-totp-guard.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(home.resolve("data/import"));
            Files.copy(Path.of("realm-export/totp-demo-realm.json"), home.resolve("data/import/totp-demo-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts with the given keys file and waits until ready (at most 3 minutes). */
    void start(Path keysFile) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--import-realm", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--health-enabled=true", "--cache=local", "--db-username=" + DB_USER, "--db-password=" + DB_PASSWORD,
                "--spi-credential--totp-guard--keys-file=" + keysFile));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!awaitReady(process, "http://localhost:" + managementPort, Duration.ofMinutes(3), 1000,
                "Keycloak exited: see " + log)) {
            stop();
            throw new IllegalStateException("Keycloak not ready within 3 minutes: see " + log);
        }
    }

    /**
     * Waits until the management interface at {@code managementUrl} answers {@code /health/ready} with 200: true; false
     * once {@code timeout} has passed; fails with {@code exited} as soon as the server process exits.
     */
    static boolean awaitReady(Process process, String managementUrl, Duration timeout, long pollMillis, String exited) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
        return Waits.until(timeout, pollMillis, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(exited);
            }
            try {
                return Http.send(ready).statusCode() == 200;
            } catch (UncheckedIOException e) {
                return false; // not listening yet
            }
        });
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path h2Directory() {
        return home.resolve("data/h2");
    }

    @Override
    public void close() {
        stop();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
