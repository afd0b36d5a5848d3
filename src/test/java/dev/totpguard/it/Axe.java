package dev.totpguard.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.totpguard.testing.ExternalTool;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * axe-core (Deque's accessibility rules, from npm at the version pinned in {@code src/test/axe/package-lock.json};
 * {@code ./test.sh} installs it with {@code npm ci}) run inside the page the browser shows. A page passes with no
 * violation of impact serious or critical; every violation is printed, one line per page, by rule id, impact and
 * element (never the element's text: an enrollment page holds a seed). Without axe-core the calling test is skipped
 * with one loud line, and fails under {@code ./test.sh}.
 */
final class Axe {

    static final Path SCRIPT = Path.of(System.getProperty("totpguard.axe",
            "src/test/axe/node_modules/axe-core/axe.min.js"));

    /**
     * Violations in the markup of Keycloak's keycloak.v2 login theme (its template.ftl, around our templates' content)
     * that our templates cannot change: reported, not failed. Each names one rule on one element, and why.
     */
    static final List<Known> KEYCLOAK_MARKUP = List.of(
            // template.ftl's "username" macro (the signed-in user's name above a page, with its "restart" button):
            // <label for="username"> beside <input id="kc-attempted-username" readonly>, so the label names no field
            new Known("label", "#kc-attempted-username"));

    /** One rule on one element (CSS selector as axe reports it). */
    record Known(String rule, String target) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations', 'incomplete'] })
              .then(r => done(JSON.stringify({
                  violations: r.violations.map(v => ({
                      id: v.id, impact: v.impact || 'none', targets: v.nodes.map(n => n.target.join(' ')) })),
                  review: r.incomplete.map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')) })))
              .catch(e => done('axe failed: ' + e));
            """;

    private final String source;
    private final Map<String, List<Violation>> results = new LinkedHashMap<>();

    Axe(String source) {
        this.source = source;
    }

    /** axe-core from {@link #SCRIPT}, for {@code test}; fails or skips it when axe-core is missing. */
    static Axe load(String test) throws IOException {
        Path script = ExternalTool.requireFile(SCRIPT, "axe-core",
                "run ./test.sh, which installs it from npm (or: cd src/test/axe && npm ci)", test);
        return new Axe(Files.readString(script));
    }

    /** One rule broken on a page: its id, its impact and the elements (CSS selectors). */
    record Violation(String id, String impact, List<String> targets) {

        boolean seriousOrCritical() {
            return impact.equals("serious") || impact.equals("critical");
        }

        /** Only on elements of Keycloak's own markup listed in {@link #KEYCLOAK_MARKUP}. */
        boolean inKeycloakMarkup() {
            return targets.stream().allMatch(t -> KEYCLOAK_MARKUP.contains(new Known(id, t)));
        }

        @Override
        public String toString() {
            return id + " (" + impact + ") at " + String.join(", ", targets);
        }
    }

    /** What axe.run answers: the violations, and the rules it could not decide alone ("incomplete", with elements). */
    record Answer(List<Violation> violations, List<String> review) {
    }

    /** Runs axe on the page the browser shows now, recorded under {@code page} (e.g. "enrollment, de"). */
    List<Violation> check(WebDriver driver, String page) throws IOException {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source);
        long start = System.nanoTime();
        String text = String.valueOf(js.executeAsyncScript(RUN));
        if (!text.startsWith("{")) {
            throw new AssertionError("axe did not run on " + page + ": " + text);
        }
        Answer answer = JSON.readValue(text, Answer.class);
        record(page, answer.violations());
        System.out.println("[axe] " + page + ": " + (answer.violations().isEmpty() ? "no violations"
                : answer.violations().stream().map(v -> v + (v.inKeycloakMarkup() ? " [Keycloak's markup]" : ""))
                        .collect(Collectors.joining("; ")))
                + (answer.review().isEmpty() ? "" : "; to review by hand: " + String.join("; ", answer.review()))
                + " (" + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
        return answer.violations();
    }

    void record(String page, List<Violation> violations) {
        results.put(page, List.copyOf(violations));
    }

    /** Every page checked so far has no violation of impact serious or critical, but in {@link #KEYCLOAK_MARKUP}. */
    void assertNoSeriousOrCritical() {
        assertTrue(!results.isEmpty(), "axe checked no page");
        List<String> failures = new ArrayList<>();
        results.forEach((page, violations) -> violations.stream().filter(v -> v.seriousOrCritical() && !v.inKeycloakMarkup())
                .forEach(v -> failures.add(page + ": " + v)));
        assertTrue(failures.isEmpty(), () -> "axe: serious or critical violations\n  " + String.join("\n  ", failures));
    }
}
