package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node of a two-node Keycloak cluster in production mode ({@code start --optimized}): Infinispan with the
 * {@code jdbc-ping} stack, a shared PostgreSQL, bound to 127.0.0.1 with ports of its own. Its home is a copy of a
 * distribution built once by {@link #buildDistribution}; the seed keys file lives in its {@code conf/}. Every wait is
 * bounded; {@link #stop()} sends SIGTERM, as an orchestrator does.
 */
final class ClusterNode implements AutoCloseable {

    /** Infinispan's log line for a new cluster view, with the number of members in parentheses. */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view[^\\n]*?\\((\\d+)\\)");

    final String name;
    final int port;
    final int managementPort;
    final int jgroupsPort;
    private final Path home;
    private final Path log;
    private final String jdbcUrl;
    private Process process;
    private Keycloak adminClient;
    private long logMark;

    ClusterNode(String name, Path built, Path workDir, String jdbcUrl, int port, int managementPort, int jgroupsPort) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.jgroupsPort = jgroupsPort;
        this.jdbcUrl = jdbcUrl;
        this.home = workDir.resolve(name);
        this.log = workDir.resolve(name + ".log");
        try {
            KeycloakProcess.copyTree(built, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The unpacked distribution with our jar in {@code providers/}, built once for PostgreSQL and the jdbc-ping stack
     * ({@code kc.sh build}), so that every node start is an optimized one.
     */
    static Path buildDistribution(Path workDir) {
        return buildDistribution(workDir, Path.of(System.getProperty("totpguard.jar",
                "target/keycloak-totp-guard-0.2.0.jar")), "built");
    }

    /** The same with another jar of ours (an earlier release: the upgrade tests), built into {@code workDir/name}. */
    static Path buildDistribution(Path workDir, Path jar, String name) {
        Path dist = Path.of(System.getProperty("totpguard.it.dist", "target/it-dist/keycloak-26.7.3"));
        if (!Files.isDirectory(dist) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("run through `mvn verify`: needs the unpacked distribution " + dist + " and " + jar);
        }
        Path built = workDir.resolve(name);
        Path log = workDir.resolve(name + ".log");
        try {
            KeycloakProcess.copyTree(dist, built);
            Files.copy(jar, built.resolve("providers/keycloak-totp-guard.jar"), StandardCopyOption.REPLACE_EXISTING);
            Process build = new ProcessBuilder("bash", built.resolve("bin/kc.sh").toString(), "build", "--db=postgres",
                    "--cache=ispn", "--cache-stack=jdbc-ping", "--health-enabled=true", "--metrics-enabled=true")
                    .directory(built.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed: see " + log);
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** Keycloak's admin client for the demo realm on this node, as the master admin (one per start: stop closes it). */
    RealmResource demoRealm() {
        if (adminClient == null) {
            adminClient = Keycloak.getInstance(baseUrl(), "master", "admin", "admin", "admin-cli");
        }
        return adminClient.realm(DemoRealm.NAME);
    }

    /** The totp-guard admin API of the demo realm on this node. */
    AdminApi api() {
        return new AdminApi(DemoRealm.NAME, baseUrl());
    }

    /** A master admin token of this node. */
    String masterToken() {
        return api().masterAdminToken();
    }

    /**
     * A new user of the demo realm (password = username, no role) with a device imported through this node's admin API
     * with {@code token}: {@code label} (or none), the seed in {@code seedField} (see {@link TotpDevice#imported}).
     */
    TotpDevice importedUser(String prefix, String token, String label, String seedField) {
        String username = DemoRealm.createUser(demoRealm(), prefix, false);
        return TotpDevice.imported(api(), token, username, DemoRealm.userId(demoRealm(), username), label, seedField);
    }

    /** A new login session of the device's user in the demo realm on this node, at the code prompt. */
    DemoRealm.Prompt prompt(TotpDevice device) {
        Browser browser = new Browser(realmUrl(DemoRealm.NAME));
        Browser.Page page = DemoRealm.password(browser, device.username());
        assertTrue(page.isCodePrompt(), () -> name + ": expected the code prompt, got " + page);
        return new DemoRealm.Prompt(browser, page);
    }

    /** A sign-in of the device's user on this node with {@code code}: the page after the code. */
    Browser.Page signIn(TotpDevice device, String code) {
        return prompt(device).submit(code);
    }

    /** Writes this node's seed keys file with {@code lines}, readable by its owner only (as SeedKeys makes it). */
    void writeKeys(String... lines) {
        try {
            Files.writeString(keysFile(), String.join("\n", lines) + "\n");
            Files.setPosixFilePermissions(keysFile(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This node's seed keys file ({@code conf/totp-guard-keys}). */
    Path keysFile() {
        return home.resolve("conf/totp-guard-keys");
    }

    /** Puts the demo realm where {@code --import-realm} reads it (first node only). */
    void addRealmImport(Path realmJson) {
        try {
            Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmJson, home.resolve("data/import").resolve(realmJson.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node (no wait): {@code primaryKeyId} may be {@code null} (the keys file's last line). */
    void start(String primaryKeyId, boolean importRealm) {
        if (process != null) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--db-url=" + jdbcUrl, "--db-username=" + PostgresServer.user(), "--db-password=unused",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + managementPort, "--hostname-strict=false",
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + jgroupsPort,
                "--spi-credential--totp-guard--keys-file=" + keysFile()));
        if (primaryKeyId != null) {
            command.add("--spi-credential--totp-guard--primary-key-id=" + primaryKeyId);
        }
        if (importRealm) {
            command.add("--import-realm");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        try {
            logMark = Files.exists(log) ? Files.size(log) : 0;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most 4 minutes) until {@code /health/ready} answers 200. */
    void awaitReady() {
        if (process == null) {
            throw new IllegalStateException(name + " exited: see " + log);
        }
        if (!KeycloakProcess.awaitReady(process, "http://127.0.0.1:" + managementPort, Duration.ofMinutes(4), 500,
                name + " exited: see " + log)) {
            throw new IllegalStateException(name + " not ready within 4 minutes: see " + log);
        }
    }

    /** The member count of the last cluster view this node logged since it was started, 0 if none. */
    int lastViewSize() {
        Matcher m = VIEW.matcher(logSinceStart());
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    /** Waits (at most 2 minutes) until this node's last logged cluster view has {@code members} members. */
    void awaitView(int members) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (lastViewSize() != members) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": no cluster view of " + members + " within 2 minutes (last: "
                        + lastViewSize() + "): see " + log);
            }
            Waits.sleep(250);
        }
    }

    /** The server JVM's process id (a child of {@code kc.sh}, or kc.sh itself where it execs java). */
    long pid() {
        return process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM to the server JVM (Keycloak shuts down gracefully and leaves the cluster); waits until it is gone. */
    void stop() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        if (process == null) {
            return;
        }
        List<ProcessHandle> jvm = process.descendants().toList();
        jvm.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                jvm.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            for (ProcessHandle handle : jvm) {
                handle.onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            jvm.forEach(ProcessHandle::destroyForcibly);
        }
        process = null;
    }

    /** The node's log written since its last start. */
    String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(logMark, all.length), (int) Math.max(0, all.length - logMark),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's whole log, every start. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name;
    }
}
