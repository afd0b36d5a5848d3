package dev.totpguard.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the build log short and still useful: the integration tests' Keycloak logs to
 * {@code target/keycloak-it-server.log} only, and when a test fails this prints the server log lines written during
 * that test (at most the last {@value #MAX_LINES}), plus those of any Keycloak the test started itself
 * ({@link #alsoShow}). A failure outside a test method (a class's set-up, e.g. the server not starting) prints the
 * lines written since the class began.
 *
 * <p>Registered for every integration test by failsafe (JUnit's extension auto-detection, limited to this package,
 * with {@code META-INF/services/org.junit.jupiter.api.extension.Extension}). The server log holds no secret: the tests
 * scan it for seeds and codes.
 */
public final class ServerLogOnFailure implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    static final int MAX_LINES = 80;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerLogOnFailure.class);
    private static final String OFFSET = "offset";
    private static final String PRINTED = "printed";
    /** Logs of servers that the running test started itself (KeycloakProcess). */
    private static final Queue<Path> EXTRA_LOGS = new ConcurrentLinkedQueue<>();

    private final Path serverLog;

    public ServerLogOnFailure() {
        this(Path.of(TotpGuardServerConfig.SERVER_LOG));
    }

    ServerLogOnFailure(Path serverLog) {
        this.serverLog = serverLog;
    }

    /** Shows {@code log} too if the running test fails (for a server the test starts on its own). */
    static void alsoShow(Path log) {
        EXTRA_LOGS.add(log);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(OFFSET, size(serverLog));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        EXTRA_LOGS.clear();
        context.getStore(NAMESPACE).put(OFFSET, size(serverLog));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // here, not in a TestWatcher: a @TempDir with a test's own server log still exists
        if (context.getExecutionException().isPresent()) {
            String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
            print(serverLog, offset(context), "written during " + test);
            for (Path extra : EXTRA_LOGS) {
                print(extra, 0, "of the Keycloak that " + test + " started");
            }
            context.getParent().ifPresent(parent -> parent.getStore(NAMESPACE).put(PRINTED, Boolean.TRUE));
        }
        EXTRA_LOGS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        boolean printed = context.getStore(NAMESPACE).get(PRINTED, Boolean.class) != null;
        if (context.getExecutionException().isPresent() && !printed) {
            print(serverLog, offset(context), "written since " + context.getRequiredTestClass().getSimpleName() + " began");
        }
    }

    private static long offset(ExtensionContext context) {
        Long offset = context.getStore(NAMESPACE).get(OFFSET, Long.class);
        return offset == null ? 0 : offset;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Prints the last {@link #MAX_LINES} lines of {@code file} from byte {@code from} on (from 0 if the file shrank). */
    static void print(Path file, long from, String which) {
        System.out.println(render(file, from, which));
    }

    static String render(Path file, long from, String which) {
        List<String> lines;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = from <= in.length() ? from : 0; // rotated or truncated: everything there is
            in.seek(start);
            byte[] bytes = new byte[(int) Math.min(in.length() - start, 64L * 1024 * 1024)];
            in.readFully(bytes);
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return ">>>>> server log " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        Deque<String> tail = new ArrayDeque<>(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
        StringBuilder out = new StringBuilder();
        out.append(">>>>> server log ").append(file).append(": ")
                .append(tail.size() == lines.size() ? "the " + lines.size() : "the last " + tail.size() + " of " + lines.size())
                .append(lines.size() == 1 ? " line " : " lines ").append(which).append('\n');
        tail.forEach(line -> out.append(line).append('\n'));
        out.append("<<<<< end of server log ").append(file);
        return out.toString();
    }
}
