package dev.totpguard.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** What the build log shows of the server log when an integration test fails, and when none does. */
class ServerLogOnFailureTest {

    @Test
    void showsOnlyTheLinesWrittenSinceTheOffsetAtMostTheLast80(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "before the test\n");
        long offset = Files.size(log);
        Files.writeString(log, lines(1, 100), StandardOpenOption.APPEND);
        String shown = ServerLogOnFailure.render(log, offset, "written during X.y");
        assertTrue(shown.startsWith(">>>>> server log " + log + ": the last 80 of 100 lines written during X.y\n"), shown);
        assertFalse(shown.contains("before the test") || shown.contains("line 20\n"), shown);
        assertTrue(shown.contains("\nline 21\n") && shown.contains("\nline 100\n"), shown);
        assertTrue(shown.endsWith("<<<<< end of server log " + log), shown);
    }

    @Test
    void aFileThatShrankIsShownFromItsStartAndAMissingOneIsNamed(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), lines(1, 3));
        assertTrue(ServerLogOnFailure.render(log, 1_000_000, "x").contains(": the 3 lines x\nline 1\nline 2\nline 3\n"));
        assertTrue(ServerLogOnFailure.render(dir.resolve("absent"), 0, "x").contains("cannot be read"));
    }

    // --- the extension in a real (sample) test run --------------------------------------------------------------------

    static volatile boolean sampleRun;
    static Path sampleLog;

    /** Runs only inside {@link #printsTheFailingTestsServerLogLinesAndNothingForPassingTests}. */
    static class Sample {
        @RegisterExtension
        static final ServerLogOnFailure EXTENSION = new ServerLogOnFailure(sampleLog);

        @BeforeAll
        static void onlyInTheKit() {
            assumeTrue(sampleRun);
        }

        @Test
        void passes() throws Exception {
            Files.writeString(sampleLog, "server line of the passing test\n", StandardOpenOption.APPEND);
        }

        @Test
        void fails() throws Exception {
            Files.writeString(sampleLog, "server line of the failing test\n", StandardOpenOption.APPEND);
            throw new AssertionError("deliberate");
        }
    }

    @Test
    void printsTheFailingTestsServerLogLinesAndNothingForPassingTests(@TempDir Path dir) throws Exception {
        sampleLog = Files.writeString(dir.resolve("server.log"), "server start\n");
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        sampleRun = true;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class)).execute()
                    .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        } finally {
            System.setOut(console);
            sampleRun = false;
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split(">>>>> server log", -1).length - 1, out);
        assertTrue(out.contains("the 1 line written during Sample.fails\nserver line of the failing test\n<<<<< end of server log"), out);
        assertFalse(out.contains("passing test") || out.contains("server start"), out);
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }
}
