package dev.totpguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every user-facing string is in the message bundles, in English and German: the keys the templates and the Java code
 * use exist in both languages, with the same placeholders, and each parses as a {@link MessageFormat} (as Keycloak
 * formats them).
 */
class MessagesTest {

    private static final Path TEMPLATES = Path.of("themes/theme-resources/templates");
    private static final Path SOURCES = Path.of("src/main/java");
    /** Keycloak's own keys that our templates use; Keycloak translates them. */
    private static final Set<String> KEYCLOAK_KEYS = Set.of("doCancel", "doLogIn", "doSubmit");

    private static Properties bundle(String language) {
        Properties p = new Properties();
        // from the classpath, i.e. from what the jar ships
        try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties")) {
            if (in == null) {
                throw new AssertionError("no bundle for " + language);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Set<String> matches(Path root, String glob, Pattern pattern) {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))::iterator) {
                Matcher m = pattern.matcher(Files.readString(f));
                while (m.find()) {
                    for (int g = 1; g <= m.groupCount(); g++) {
                        if (m.group(g) != null) {
                            keys.add(m.group(g));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static Set<String> usedKeys() {
        Set<String> used = new TreeSet<>();
        used.addAll(matches(TEMPLATES, "*.ftl", Pattern.compile("msg\\(\"(\\w+)\"|\\?then\\(\"(\\w+)\", \"(\\w+)\"\\)")));
        used.addAll(matches(SOURCES, "*.java", Pattern.compile(
                "new FormMessage\\([\\w.]+, \"(\\w+)\"|setError\\(\"(\\w+)\"|(?:displayName|helpText)\\(\"(totpGuard\\w+)\"\\)")));
        return used;
    }

    @Test
    void findsTheKeysInUse() {
        Set<String> used = usedKeys();
        // guards the scan itself: a broken pattern would make the other tests pass vacuously
        assertTrue(used.containsAll(Set.of("totpGuardEnrollTitle", "totpGuardInvalidCode", "totpGuardDeviceLimit",
                "totpGuardDeviceLabelHintRequired", "totpGuardDisplayName", "totpGuardEnrollStep3")), used::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyKeyInUseIsTranslated(String language) {
        Properties bundle = bundle(language);
        for (String key : usedKeys()) {
            if (!KEYCLOAK_KEYS.contains(key)) {
                assertTrue(bundle.containsKey(key), () -> key + " missing in messages_" + language);
            }
        }
    }

    @Test
    void englishAndGermanHaveTheSameKeysAndPlaceholders() {
        Properties en = bundle("en");
        Properties de = bundle("de");
        assertEquals(en.stringPropertyNames(), de.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertEquals(placeholders(en.getProperty(key)), placeholders(de.getProperty(key)), key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyMessageFormatsCleanly(String language) {
        Properties bundle = bundle(language);
        for (String key : bundle.stringPropertyNames()) {
            String value = bundle.getProperty(key);
            assertFalse(value.isBlank(), key);
            // a stray apostrophe would swallow the rest of the message in MessageFormat
            String formatted = new MessageFormat(value, Locale.forLanguageTag(language)).format(new Object[]{"X", "Y", "Z"});
            assertFalse(formatted.contains("{"), key);
            assertFalse(value.contains("'") && !value.contains("''"), () -> key + " has a single apostrophe");
        }
    }

    private static Set<String> placeholders(String value) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)}").matcher(value);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
