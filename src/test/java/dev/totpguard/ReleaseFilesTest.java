package dev.totpguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release files agree with each other: LICENSE is the Apache License 2.0 and the pom says so; the pom's version is
 * CHANGELOG.md's newest release (or a -SNAPSHOT after it) and the supported line of SECURITY.md; every test that
 * SECURITY.md names as proof of a claim exists and runs; every file that names the jar names this version.
 */
class ReleaseFilesTest {

    /** SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt (the text Keycloak ships as its LICENSE.txt). */
    private static final String APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";
    /** A release heading of Keep a Changelog: {@code ## [1.2.3] - 2026-12-07}. */
    private static final Pattern RELEASE_HEADING = Pattern.compile("^## \\[(\\d+)\\.(\\d+)\\.(\\d+)] - \\d{4}-\\d{2}-\\d{2}$", Pattern.MULTILINE);
    private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9]*)`");
    /** A name of our jar with a version in it (not {@code <version>} or {@code *}). */
    private static final Pattern JAR_NAME = Pattern.compile("keycloak-totp-guard-(\\d[0-9A-Za-z.-]*?)(?:-sources)?\\.jar");
    private static final Path TEST_SOURCES = Path.of("src/test/java");

    private static Document pom;
    private static String version;

    @BeforeAll
    static void readPom() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        version = child(pom.getDocumentElement(), "version").getTextContent().strip();
    }

    @Test
    void licenseIsTheApacheLicense20AsPublishedAndThePomSaysSo() throws Exception {
        byte[] license = Files.readAllBytes(Path.of("LICENSE"));
        assertEquals(APACHE_2_0_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(license)),
                "LICENSE is the unchanged text of the Apache License 2.0");
        Element licenses = child(pom.getDocumentElement(), "licenses");
        Element only = child(licenses, "license");
        assertEquals(1, licenses.getElementsByTagName("license").getLength(), "one licence");
        assertEquals("Apache-2.0", child(only, "name").getTextContent().strip(), "SPDX identifier");
        assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", child(only, "url").getTextContent().strip());
    }

    @Test
    void thePomsVersionIsTheChangelogsNewestReleaseOrASnapshotAfterIt() throws IOException {
        String changelog = Files.readString(Path.of("CHANGELOG.md"), StandardCharsets.UTF_8);
        assertTrue(changelog.contains("https://keepachangelog.com/en/1.1.0/"), "Keep a Changelog 1.1.0 form");
        assertTrue(changelog.contains("\n## [Unreleased]\n"), "an Unreleased section");
        List<int[]> releases = new ArrayList<>();
        Matcher heading = RELEASE_HEADING.matcher(changelog);
        while (heading.find()) {
            releases.add(new int[] {Integer.parseInt(heading.group(1)), Integer.parseInt(heading.group(2)), Integer.parseInt(heading.group(3))});
        }
        assertFalse(releases.isEmpty(), "CHANGELOG.md has release headings like ## [0.2.0] - 2026-12-07");
        for (int i = 1; i < releases.size(); i++) {
            assertTrue(compare(releases.get(i - 1), releases.get(i)) > 0, "releases newest first, each once");
        }
        int[] newest = releases.get(0);
        String newestText = newest[0] + "." + newest[1] + "." + newest[2];
        if (version.endsWith("-SNAPSHOT")) {
            int[] next = parse(version.substring(0, version.length() - "-SNAPSHOT".length()));
            assertTrue(compare(next, newest) > 0, () -> "pom " + version + " must come after the newest release " + newestText);
        } else {
            assertEquals(newestText, version, "a release version in the pom is CHANGELOG.md's newest release");
        }
    }

    @Test
    void securityMdSupportsThePomsMinorLine() throws IOException {
        String security = Files.readString(Path.of("SECURITY.md"), StandardCharsets.UTF_8);
        int[] current = parse(version.replace("-SNAPSHOT", ""));
        String line = current[0] + "." + current[1] + ".x";
        Matcher row = Pattern.compile("^\\| " + Pattern.quote(line) + " \\|[^\\n]*\\| yes \\|$", Pattern.MULTILINE).matcher(security);
        assertTrue(row.find(), "SECURITY.md's supported versions list " + line + " with security fixes: yes");
    }

    @Test
    void everyTestSecurityMdNamesExistsAndRuns() throws IOException {
        String security = Files.readString(Path.of("SECURITY.md"), StandardCharsets.UTF_8);
        int table = security.indexOf("## Security claims and the tests that prove them");
        assertTrue(table >= 0, "SECURITY.md has the claims table");
        List<String> rows = security.substring(table).lines().filter(l -> l.startsWith("| ") && !l.startsWith("| claim") && !l.startsWith("|---")).toList();
        assertTrue(rows.size() >= 10, "claims: " + rows.size());
        List<String> problems = new ArrayList<>();
        int references = 0;
        for (String row : rows) {
            Matcher reference = TEST_REFERENCE.matcher(row);
            if (!reference.find()) {
                problems.add("a claim without a test: " + row);
                continue;
            }
            do {
                references++;
                String problem = problemWithTest(reference.group(1), reference.group(2));
                if (problem != null) {
                    problems.add(problem);
                }
            } while (reference.find());
        }
        assertEquals(List.of(), problems);
        assertTrue(references >= rows.size());
    }

    @Test
    void everyFileThatNamesTheJarNamesThisVersion() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("Dockerfile"), Path.of("docker-compose.yml"), Path.of("pom.xml"), Path.of("test.sh")));
        for (String dir : List.of("compose", "src/test", "src/demo", "src/load", "src/main", ".ci")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            Matcher jar = JAR_NAME.matcher(text);
            while (jar.find()) {
                if (!jar.group(1).equals(version) && !file.endsWith("ReleaseFilesTest.java")) {
                    wrong.add(file + ": " + jar.group());
                }
            }
        }
        assertEquals(List.of(), wrong, "the jar is keycloak-totp-guard-" + version + ".jar");
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("target/keycloak-totp-guard-" + version + ".jar "),
                "the Dockerfile copies this version's jar");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Null when {@code src/test/java/**}{@code /<type>.java} declares {@code method} as a JUnit test that is not disabled. */
    private static String problemWithTest(String type, String method) throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(TEST_SOURCES)) {
            sources = walk.filter(p -> p.getFileName().toString().equals(type + ".java")).toList();
        }
        if (sources.size() != 1) {
            return type + "#" + method + ": " + sources.size() + " files named " + type + ".java under " + TEST_SOURCES;
        }
        String source = Files.readString(sources.get(0), StandardCharsets.UTF_8);
        // the annotation, then anything but a statement end or another method, then the method's declaration
        Matcher declared = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest)\\b((?:(?!\\bvoid\\b)[^;])*?)\\bvoid\\s+"
                + Pattern.quote(method) + "\\s*\\(").matcher(source);
        if (!declared.find()) {
            return type + "#" + method + ": no such test method";
        }
        if (declared.group(2).contains("@Disabled") || source.substring(0, Math.max(0, source.indexOf("class " + type))).contains("@Disabled")) {
            return type + "#" + method + ": disabled";
        }
        return null;
    }

    private static Element child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new AssertionError("pom.xml: no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static int[] parse(String version) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
        assertTrue(m.matches(), "a version like 1.2.3: " + version);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
