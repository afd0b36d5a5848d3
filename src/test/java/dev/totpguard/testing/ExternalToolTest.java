package dev.totpguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalToolTest {

    /** The loud lines of these checks go here, not to the build log (where they would look like a real miss). */
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void aMissingToolFailsWhenToolsAreRequiredAndIsSkippedOtherwise(@TempDir Path dir) {
        Optional<Path> absent = Optional.of(dir.resolve("no-such-tool"));
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> ExternalTool.require(absent, "frobnicate", "frob-tools", "SomeTest", true, out));
        assertTrue(failed.getMessage().contains("frobnicate is not installed, so SomeTest FAILS")
                && failed.getMessage().contains("sudo apt-get install frob-tools"), failed.getMessage());
        assertEquals("!!!!!!!!!! " + failed.getMessage() + " !!!!!!!!!!" + System.lineSeparator(), console.toString(StandardCharsets.UTF_8),
                "one loud line");
        console.reset();
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> ExternalTool.require(Optional.empty(), "frobnicate", "frob-tools", "SomeTest", false, out));
        assertTrue(skipped.getMessage().contains("SomeTest is SKIPPED"), skipped.getMessage());
        assertEquals(1, console.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void anExecutableIsFoundAndReturned(@TempDir Path dir) throws Exception {
        Path tool = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        assertThrows(TestAbortedException.class, () -> ExternalTool.require(Optional.of(tool), "tool", "t", "T", false, out),
                "not executable yet");
        assertTrue(tool.toFile().setExecutable(true));
        assertEquals(Optional.of(tool), ExternalTool.find("tool", List.of(dir.resolve("elsewhere"), tool)));
        console.reset();
        assertEquals(tool, ExternalTool.require(Optional.of(tool), "tool", "t", "T", true, out));
        assertEquals("", console.toString(StandardCharsets.UTF_8), "nothing said when the tool is there");
    }

    @Test
    void aMissingFileFailsWhenToolsAreRequiredAndIsSkippedOtherwise(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("axe.min.js");
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> ExternalTool.requireFile(absent, "axe-core", "run npm ci", "SomeIT", true, out));
        assertTrue(failed.getMessage().contains("axe-core (" + absent + ") is not installed, so SomeIT FAILS; run npm ci"),
                failed.getMessage());
        assertThrows(TestAbortedException.class, () -> ExternalTool.requireFile(absent, "axe-core", "run npm ci", "SomeIT", false, out));
        assertEquals(2, console.toString(StandardCharsets.UTF_8).lines().count(), "one loud line each");
        Files.writeString(absent, "window.axe = {};");
        console.reset();
        assertEquals(absent, ExternalTool.requireFile(absent, "axe-core", "run npm ci", "SomeIT", true, out));
        assertEquals("", console.toString(StandardCharsets.UTF_8));
    }
}
