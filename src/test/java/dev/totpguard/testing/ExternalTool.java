package dev.totpguard.testing;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from outside the JVM that a test compares against or drives ({@code oathtool}, {@code zbarimg},
 * Chromium). When it is missing, the test says so in one loud line, naming the package that provides it, and then
 * <em>fails</em> when every tool is required ({@code ./test.sh} and CI set {@code TOTPGUARD_REQUIRE_TOOLS=true} and
 * {@code -Dtotpguard.require-tools=true}); otherwise, as in a plain {@code mvn verify}, it is skipped.
 */
public final class ExternalTool {

    /** Set by test.sh: a missing tool fails the test instead of skipping it. */
    public static final String REQUIRE_PROPERTY = "totpguard.require-tools";
    public static final String REQUIRE_ENV = "TOTPGUARD_REQUIRE_TOOLS";

    private ExternalTool() {
    }

    /** Whether this run requires every tool (test.sh, CI). */
    public static boolean required() {
        return isTrue(System.getProperty(REQUIRE_PROPERTY)) || isTrue(System.getenv(REQUIRE_ENV));
    }

    /** The first executable among {@code candidates}, else the first {@code name} on PATH. */
    public static Optional<Path> find(String name, List<Path> candidates) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name));
        return Stream.concat(candidates.stream(), onPath).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * {@code path} if it is an executable file; otherwise prints the loud line and fails or skips the calling test.
     *
     * @param tool     what is missing, as a person would name it ("oathtool")
     * @param packages the Debian/Ubuntu packages that provide it ("oathtool")
     * @param test     which test needs it ("OathtoolAgreementTest")
     */
    public static Path require(Optional<Path> path, String tool, String packages, String test) {
        return require(path, tool, packages, test, required(), System.err);
    }

    static Path require(Optional<Path> path, String tool, String packages, String test, boolean required, PrintStream console) {
        if (path.isPresent() && Files.isRegularFile(path.get()) && Files.isExecutable(path.get())) {
            return path.get();
        }
        throw missing(tool, "install it: sudo apt-get install " + packages + " (./test.sh installs every tool the tests need)",
                test, required, console);
    }

    /**
     * {@code file} if it exists: a file that {@code ./test.sh} installs for a test (axe-core, from npm); otherwise the
     * same loud line as a missing program, and the calling test fails or is skipped.
     *
     * @param what    what is missing, as a person would name it ("axe-core")
     * @param install how to get it ("run ./test.sh, or npm ci in src/test/axe")
     */
    public static Path requireFile(Path file, String what, String install, String test) {
        return requireFile(file, what, install, test, required(), System.err);
    }

    static Path requireFile(Path file, String what, String install, String test, boolean required, PrintStream console) {
        if (Files.isRegularFile(file) && Files.isReadable(file)) {
            return file;
        }
        throw missing(what + " (" + file + ")", install, test, required, console);
    }

    private static AssertionError missing(String tool, String install, String test, boolean required, PrintStream console) {
        String line = required
                ? "MISSING TOOL: " + tool + " is not installed, so " + test + " FAILS; " + install
                : "MISSING TOOL: " + tool + " is not installed, so " + test + " is SKIPPED; " + install;
        console.println("!!!!!!!!!! " + line + " !!!!!!!!!!");
        if (required) {
            Assertions.fail(line);
        }
        Assumptions.abort(line);
        return new AssertionError("unreachable: abort throws");
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }
}
