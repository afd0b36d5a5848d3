package dev.totpguard.architecture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package map in README's "How it works" is the code's: every package under {@code dev.totpguard} is a row, a
 * package uses exactly the packages its row lists, and each of those is listed above it, so no package imports one
 * that imports it back. "Uses" is any reference in code, imports and fully qualified names alike; comments are not
 * code. And no main class grows past {@value #MAX_LINES} lines: a class that big holds more than one job.
 */
class ArchitectureTest {

    static final int MAX_LINES = 300;

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path MAIN = ROOT.resolve("src/main/java/dev/totpguard");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\| [^|]+ \\| ([^|]+) \\|$");
    private static final Pattern USE = Pattern.compile("\\bdev\\.totpguard\\.([a-z]+)\\.");

    @Test
    void readmePackageMapIsTheImportGraph() throws IOException {
        Map<String, Set<String>> map = readmeMap();
        Map<String, Set<String>> code = codeGraph();
        assertEquals(code.keySet(), new TreeSet<>(map.keySet()), "README's package map lists every package, no other");
        List<String> wrong = new ArrayList<>();
        for (var e : code.entrySet()) {
            if (!e.getValue().equals(map.get(e.getKey()))) {
                wrong.add(e.getKey() + ": README says " + map.get(e.getKey()) + ", the code uses " + e.getValue());
            }
        }
        assertTrue(wrong.isEmpty(), "README's package map differs from the code:\n" + String.join("\n", wrong));
    }

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() throws IOException {
        List<String> order = new ArrayList<>(readmeMap().keySet());
        List<String> upward = new ArrayList<>();
        for (var e : readmeMap().entrySet()) {
            for (String used : e.getValue()) {
                if (order.indexOf(used) < 0 || order.indexOf(used) >= order.indexOf(e.getKey())) {
                    upward.add(e.getKey() + " -> " + used);
                }
            }
        }
        assertTrue(upward.isEmpty(), "a package listed above the one that uses it, or a loop: " + upward);
    }

    @Test
    void noMainClassIsOverThreeHundredLines() throws IOException {
        List<String> large = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
                if (lines > MAX_LINES) {
                    large.add(MAIN.relativize(file) + " (" + lines + ")");
                }
            }
        }
        assertTrue(large.isEmpty(), "split these by job: " + large);
    }

    @Test
    void theMapReaderSeesCodeNotComments() {
        String source = "import dev.totpguard.otp.Totp;\n/** {@link dev.totpguard.admin.X} */\n"
                + "class A { // dev.totpguard.login.Y\n dev.totpguard.guard.Attempt a; String s = \"dev.totpguard.notify.Z\"; }";
        assertEquals(Set.of("otp", "guard"), uses(source));
    }

    /** The rows of README's package map, in order: package → the packages it may use. */
    private static Map<String, Set<String>> readmeMap() throws IOException {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                Set<String> uses = new TreeSet<>();
                Matcher each = Pattern.compile("`([a-z]+)`").matcher(m.group(2));
                while (each.find()) {
                    uses.add(each.group(1));
                }
                map.put(m.group(1), uses);
            }
        }
        assertTrue(map.size() > 5, "README has a package map (| `package` | what it holds | may import |)");
        return map;
    }

    /** Package → the other packages of ours its main sources use. */
    private static Map<String, Set<String>> codeGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file).getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                uses.addAll(uses(Files.readString(file, StandardCharsets.UTF_8)));
                uses.remove(pkg);
            }
        }
        return graph;
    }

    /** The packages of ours a source uses in code: comments and string literals stripped first. */
    static Set<String> uses(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("//[^\\n]*", " ");
        Set<String> uses = new TreeSet<>();
        Matcher m = USE.matcher(code);
        while (m.find()) {
            uses.add(m.group(1));
        }
        return uses;
    }
}
