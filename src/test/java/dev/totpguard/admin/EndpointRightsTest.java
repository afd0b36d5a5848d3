package dev.totpguard.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every admin endpoint checks the caller's rights itself, first thing (after looking the user up, which answers 404 or
 * 403 alone): a sub-resource locator checks nothing, so it must do nothing but build its sub-resource. Read from the
 * sources of this package.
 */
class EndpointRightsTest {

    private static final Path ADMIN = Path.of(System.getProperty("basedir", "."), "src/main/java/dev/totpguard/admin");

    /** Annotations, then a public method's name and the opening brace of its body. */
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\([^)]*\\))?\\s+)+)public\\s+[\\w.<>]+\\s+(\\w+)\\([^{;]*\\)\\s*\\{");
    private static final Pattern VERB = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH)\\b");
    private static final Pattern CHECK = Pattern.compile("auth\\.(users|realm)\\(\\)\\.require\\w*\\(");
    private static final Pattern LOCATOR_BODY = Pattern.compile("\\s*return new \\w+\\([\\w, ]*\\);\\s*");

    @Test
    void everyEndpointChecksRightsInItsFirstTwoStatements() throws IOException {
        List<String> endpoints = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (Method method : methods()) {
            if (!method.endpoint()) {
                continue;
            }
            endpoints.add(method.name());
            String[] statements = method.body().split(";", 3);
            String firstTwo = statements.length < 2 ? method.body() : statements[0] + ";" + statements[1];
            if (!CHECK.matcher(firstTwo).find()) {
                unchecked.add(method.name());
            }
        }
        assertTrue(endpoints.size() >= 15, "the endpoints were found: " + endpoints);
        assertTrue(unchecked.isEmpty(), "endpoints without a rights check first: " + unchecked);
    }

    @Test
    void aLocatorOnlyBuildsItsSubResource() throws IOException {
        List<String> locators = new ArrayList<>();
        List<String> doingMore = new ArrayList<>();
        for (Method method : methods()) {
            if (method.locator()) {
                locators.add(method.name());
                if (!LOCATOR_BODY.matcher(method.body()).matches()) {
                    doingMore.add(method.name());
                }
            }
        }
        assertTrue(locators.size() >= 8, "the locators were found: " + locators);
        assertTrue(doingMore.isEmpty(), "locators doing more than building a sub-resource: " + doingMore);
    }

    private record Method(String name, String annotations, String body) {
        boolean endpoint() {
            return VERB.matcher(annotations).find();
        }

        boolean locator() {
            return !endpoint() && annotations.contains("@Path(");
        }
    }

    private static List<Method> methods() throws IOException {
        List<Method> methods = new ArrayList<>();
        try (Stream<Path> files = Files.list(ADMIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = METHOD.matcher(source);
                while (m.find()) {
                    String name = file.getFileName().toString().replace(".java", "") + "." + m.group(2);
                    methods.add(new Method(name, m.group(1), body(source, m.end())));
                }
            }
        }
        return methods;
    }

    /** The text from {@code start} (just after an opening brace) to the matching closing brace. */
    private static String body(String source, int start) {
        int depth = 1;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(start, i);
            }
        }
        throw new IllegalStateException("unbalanced braces after " + start);
    }
}
