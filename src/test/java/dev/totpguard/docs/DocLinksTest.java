package dev.totpguard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and docs/*.md link only to files that exist and to headings that exist: relative links resolve from the
 * page's folder, and {@code #anchors} must equal a heading's GitHub slug in the target page. Web links are not fetched.
 */
class DocLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    /** {@code [text](target)} and {@code ![alt](target)}; a title after the target is allowed. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(read(page))) {
                if (target.matches("(?i)^(https?|mailto):.*")) {
                    continue;
                }
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 20, "relative links were found: " + checked);
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    /**
     * Server log lines send operators to a page ({@code docs/realm-admin.md, recipe 4}, {@code docs/operator-guide.md,
     * "Seed keys"}): the page, the numbered recipe and the named section exist.
     */
    @Test
    void pagesNamedInServerMessagesExist() throws IOException {
        Pattern reference = Pattern.compile("(docs/[\\w-]+\\.md)(?:, (?:recipes? ((?:\\d+)(?: and \\d+)*)|\\\\\"([^\\\\]+)\\\\\"))?");
        List<String> broken = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = reference.matcher(read(file));
                while (m.find()) {
                    found++;
                    Path page = ROOT.resolve(m.group(1));
                    if (!Files.exists(page)) {
                        broken.add(file.getFileName() + ": " + m.group(1) + " does not exist");
                        continue;
                    }
                    List<String> headings = new ArrayList<>();
                    for (String line : prose(read(page))) {
                        Matcher h = HEADING.matcher(line);
                        if (h.matches()) {
                            headings.add(h.group(2));
                        }
                    }
                    if (m.group(2) != null) {
                        for (String recipe : m.group(2).split(" and ")) {
                            if (headings.stream().noneMatch(h -> h.startsWith(recipe + ". "))) {
                                broken.add(file.getFileName() + ": " + m.group(1) + " has no recipe " + recipe);
                            }
                        }
                    }
                    if (m.group(3) != null && !headings.contains(m.group(3))) {
                        broken.add(file.getFileName() + ": " + m.group(1) + " has no section \"" + m.group(3) + "\"");
                    }
                }
            }
        }
        assertTrue(found > 0, "server messages name no documentation page");
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals("4-direct-grant-password-grant", slug("4. Direct grant (password grant)"));
        assertEquals("adopt-keycloaks-built-in-otp-users-and-import-seeds",
                slug("Adopt Keycloak's built-in OTP users, and import seeds"));
        assertEquals("totp-guard-form-settings", slug("`totp-guard-form` settings"));
        assertEquals("what--why", slug("What & why"));
        assertEquals("see-the-guide", slug("See [the guide](x.md)"));
        assertEquals(List.of("faq", "faq-1"), slugs("# FAQ\n\n## FAQ\n"));
        assertEquals(List.of("real"), slugs("```\n# not a heading\n```\n# Real\n"));
    }

    @Test
    void aMissingFileOrAnchorIsReported() {
        Path readme = ROOT.resolve("README.md");
        assertTrue(problem(readme, "docs/no-such-page.md") != null);
        assertTrue(problem(readme, "docs/reference.md#no-such-heading") != null);
        assertEquals(null, problem(readme, "docs/reference.md#metrics"));
    }

    private static String problem(Path page, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        try {
            return slugs(read(resolved)).contains(anchor) ? null : "no heading with this anchor";
        } catch (IOException e) {
            return "cannot read it: " + e.getMessage();
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the page's headings, in order (duplicates get -1, -2, …). */
    static List<String> slugs(String markdown) {
        List<String> slugs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String base = slug(m.group(2));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                slugs.add(n == 0 ? base : base + "-" + n);
            }
        }
        return slugs;
    }

    /**
     * GitHub's rule: the heading's text (links and code marks rendered away), lower case, every character that is not
     * a letter, a digit, a space, a hyphen or an underscore removed, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
