package dev.totpguard.architecture;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.totpguard.credential.DeviceReports;
import dev.totpguard.credential.DeviceRows;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One class owns every statement on device rows and their state ({@code credential.DeviceRows}; the realm-wide reads of
 * reports: {@code credential.DeviceReports}), so the lock order and the cache rules written there hold for all of
 * them. A main class that reaches the database otherwise (an entity manager, a query, a lock mode, a Keycloak storage
 * entity) must be one of the few below, each reading rows that are not devices; and no Keycloak storage entity or JPA
 * type comes out of the two classes.
 */
class StatementsTest {

    private static final Path MAIN = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("src/main/java/dev/totpguard");
    private static final Set<String> OWNERS = Set.of("credential/DeviceRows.java", "credential/DeviceReports.java");
    /** Main classes with statements of their own, and on which rows: none of them a device or its state. */
    private static final Map<String, String> OTHER_ROWS = Map.of(
            "admin/SummaryResource.java", "users' required actions (the count still to enroll)",
            "credential/CommitMode.java", "no rows: how a transaction that wrote state commits (SET LOCAL synchronous_commit)",
            "enroll/EnrollActionRegistration.java", "the realm's required-action providers",
            "grace/Postponements.java", "the user's row and the user's \"Later\" credential",
            "migrate/LegacyOtpMigration.java", "Keycloak's built-in OTP credentials");
    /** Reaching the database: an entity manager, a query, a lock mode, one of Keycloak's storage entities. */
    private static final Pattern DATABASE = Pattern.compile("\\bEntityManager\\b|\\bJpaConnectionProvider\\b"
            + "|\\bcreate(Native|Named|StoredProcedure)?Query\\s*\\(|\\bLockModeType\\b|org\\.keycloak\\.models\\.jpa\\.entities");

    @Test
    void onlyTheOwnersReachDeviceRows() throws IOException {
        Map<String, String> sources = mainSources();
        Set<String> reaching = new TreeSet<>();
        List<String> stateTable = new ArrayList<>();
        sources.forEach((file, source) -> {
            String code = withoutComments(source);
            if (DATABASE.matcher(code).find()) {
                reaching.add(file);
            }
            if (code.contains("DeviceStateEntity") && !OWNERS.contains(file)
                    && !file.startsWith("credential/DeviceStateEntity")) {
                stateTable.add(file);
            }
        });
        Set<String> expected = new TreeSet<>(OWNERS);
        expected.addAll(OTHER_ROWS.keySet());
        assertEquals(expected, reaching, "only DeviceRows and DeviceReports issue statements on device rows; a class "
                + "reading other rows is listed in OTHER_ROWS with them (and leaves it when it no longer does)");
        assertTrue(stateTable.isEmpty(), "the state table is DeviceRows' and DeviceReports': " + stateTable);
    }

    @Test
    void noStorageTypeLeavesTheOwners() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> owner : List.of(DeviceRows.class, DeviceReports.class)) {
            for (Method method : owner.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers())) {
                    String signature = method.toGenericString();
                    if (storage(signature)) {
                        leaks.add(signature);
                    }
                }
            }
            for (Class<?> nested : owner.getDeclaredClasses()) {
                for (RecordComponent component : nested.isRecord() ? nested.getRecordComponents() : new RecordComponent[0]) {
                    if (storage(component.getGenericType().getTypeName())) {
                        leaks.add(nested.getSimpleName() + "." + component.getName());
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), "small records and counts only, no storage types: " + leaks);
    }

    @Test
    void commentsAreNotCode() {
        String source = "/** uses EntityManager */ class A { // createQuery(\n String s = \"// not a comment\"; }";
        assertEquals("  class A {  \n String s = \"// not a comment\"; }", withoutComments(source));
        assertTrue(DATABASE.matcher("em.createQuery (\"select\")").find());
        assertTrue(DATABASE.matcher("import org.keycloak.models.jpa.entities.UserEntity;").find());
    }

    private static boolean storage(String typeName) {
        return typeName.contains("org.keycloak.models.jpa.entities.") || typeName.contains("jakarta.persistence.")
                || typeName.contains("DeviceStateEntity");
    }

    /** Path under {@code dev/totpguard} (with '/') → source. */
    private static Map<String, String> mainSources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(MAIN.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertTrue(sources.size() > 50, "main sources found under " + MAIN);
        return sources;
    }

    /** The source with its comments replaced by a space; string and character literals kept as they are. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
