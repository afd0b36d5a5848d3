package dev.totpguard.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

import dev.totpguard.notify.Notice;

/**
 * docs/reference.md names everything the code exposes. The names come from the code, never from a list kept here:
 * config property names from every provider factory the jar registers (META-INF/services), the admin REST API from
 * its JAX-RS annotations, event details from every {@code .detail(…)} call in src/main, meter names from every
 * Micrometer builder call in src/main.
 */
class ReferenceDocTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
    private static final Path MAIN = ROOT.resolve("src/main/java");
    private static final Path REFERENCE = ROOT.resolve("docs/reference.md");

    /** {@code .detail(NAME,} in user and admin event builders. */
    private static final Pattern DETAIL_CALL = Pattern.compile("\\.detail\\(\\s*([A-Za-z_][\\w.]*|\"[^\"]+\")\\s*,");
    /** {@code Counter.builder(NAME)}, {@code Timer.builder(NAME)}, {@code Gauge.builder(NAME, …)}, … */
    private static final Pattern METER_CALL = Pattern.compile(
            "\\b(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter)\\.builder\\(\\s*([A-Za-z_][\\w.]*|\"[^\"]+\")");

    @Test
    void everySettingKeyIsInTheReference() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (Object factory : registeredFactories()) {
            List<ProviderConfigProperty> properties = new ArrayList<>();
            if (factory instanceof ConfiguredProvider configured && configured.getConfigProperties() != null) {
                properties.addAll(configured.getConfigProperties());
            }
            if (factory instanceof RequiredActionFactory action && action.getConfigMetadata() != null) {
                properties.addAll(action.getConfigMetadata());
            } else if (factory instanceof ProviderFactory<?> provider && provider.getConfigMetadata() != null) {
                properties.addAll(provider.getConfigMetadata());
            }
            properties.forEach(p -> keys.add(p.getName()));
        }
        for (Notice.Kind kind : Notice.Kind.values()) {
            keys.add(kind.setting());
        }
        assertTrue(keys.contains("totp-guard.window"), "the factories' config was read: " + keys);
        assertNamed("setting keys", keys, key -> "`" + Pattern.quote(key) + "`");
    }

    @Test
    void everyAdminEndpointIsInTheReference() throws Exception {
        Set<String> endpoints = new TreeSet<>();
        endpoints(dev.totpguard.admin.TotpGuardAdminResource.class, "", endpoints, 0);
        assertTrue(endpoints.contains("GET posture"), "the admin resource was scanned: " + endpoints);
        // a row names the endpoint as `METHOD path` (query parameters, if shown, follow a '?')
        String reference = read(REFERENCE);
        List<String> missing = endpoints.stream()
                .filter(e -> !Pattern.compile("`" + Pattern.quote(e) + "[`?]").matcher(reference).find()).toList();
        assertTrue(missing.isEmpty(), "admin endpoints missing from docs/reference.md (as `METHOD path`): " + missing);
    }

    @Test
    void everyEventDetailIsInTheReference() throws Exception {
        Set<String> details = namesPassedTo(DETAIL_CALL);
        assertTrue(details.contains("reason") && details.contains("credential_id"), "details were found: " + details);
        // as `name` or `name=value`
        assertNamed("event details", details, d -> "`" + Pattern.quote(d) + "[`=]");
    }

    @Test
    void everyMetricIsInTheReference() throws Exception {
        Set<String> metrics = new TreeSet<>();
        for (String meter : namesPassedTo(METER_CALL)) {
            metrics.add(meter.replace('.', '_')); // Prometheus form; the suffix (_total, _seconds, _steps) follows
        }
        assertTrue(metrics.contains("totp_guard_verifications"), "meters were found: " + metrics);
        // the Prometheus name: the meter's, then the suffix of its kind and unit
        assertNamed("metrics", metrics, m -> "`" + Pattern.quote(m) + "(_total|_seconds|_steps)?`");
    }

    // --- names from the code --------------------------------------------------------------------------------------

    private static List<Object> registeredFactories() throws Exception {
        List<Object> factories = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("src/main/resources/META-INF/services"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String name = line.replaceAll("#.*", "").strip();
                    if (!name.isEmpty()) {
                        Constructor<?> constructor = Class.forName(name).getDeclaredConstructor();
                        constructor.setAccessible(true);
                        factories.add(constructor.newInstance());
                    }
                }
            }
        }
        assertFalse(factories.isEmpty(), "no registered factories");
        return factories;
    }

    /** The values of the first argument of every call {@code call} matches in src/main, constants resolved. */
    private static Set<String> namesPassedTo(Pattern call) throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = read(file);
                Matcher m = call.matcher(source);
                while (m.find()) {
                    names.add(resolve(file, source, m.group(1)));
                }
            }
        }
        return names;
    }

    /** A string literal, a constant of the file's own class ({@code NAME}) or of another class ({@code Type.NAME}). */
    private static String resolve(Path file, String source, String expression) throws Exception {
        if (expression.startsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        String own = MAIN.relativize(file).toString().replace(".java", "").replace('/', '.');
        int dot = expression.lastIndexOf('.');
        Class<?> type = dot < 0 ? Class.forName(own) : type(own, source, expression.substring(0, dot));
        Field field = type.getDeclaredField(expression.substring(dot + 1));
        assertTrue(Modifier.isStatic(field.getModifiers()), expression + " in " + file + " is not a constant");
        field.setAccessible(true);
        return (String) field.get(null);
    }

    private static Class<?> type(String own, String source, String simpleName) throws ClassNotFoundException {
        if (simpleName.contains(".")) {
            return Class.forName(simpleName);
        }
        Matcher imported = Pattern.compile("import\\s+([\\w.]+\\." + Pattern.quote(simpleName) + ");").matcher(source);
        if (imported.find()) {
            return Class.forName(imported.group(1));
        }
        String pkg = own.substring(0, own.lastIndexOf('.'));
        return Class.forName(pkg + "." + simpleName); // same package
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        return null;
    }

    /**
     * The endpoints JAX-RS serves from {@code type} under {@code prefix}: a method with an HTTP verb is one (its
     * {@code @Path}, if any, added to the prefix); a method with a {@code @Path} and no verb is a sub-resource locator,
     * whose return type serves the rest.
     */
    private static void endpoints(Class<?> type, String prefix, Set<String> endpoints, int depth) {
        assertTrue(depth < 8, "sub-resource locators nested too deep at " + type.getName());
        for (Method method : type.getDeclaredMethods()) {
            jakarta.ws.rs.Path path = method.getAnnotation(jakarta.ws.rs.Path.class);
            String here = path == null ? prefix : prefix.isEmpty() ? strip(path.value()) : prefix + "/" + strip(path.value());
            String verb = verb(method);
            if (verb != null) {
                endpoints.add(verb + " " + here);
            } else if (path != null) {
                endpoints(method.getReturnType(), here, endpoints, depth + 1);
            }
        }
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** Each name must appear in the reference in the form {@code regex} gives it. */
    private static void assertNamed(String what, Set<String> names, java.util.function.Function<String, String> regex)
            throws IOException {
        String reference = read(REFERENCE);
        List<String> missing = names.stream()
                .filter(n -> !Pattern.compile(regex.apply(n)).matcher(reference).find()).toList();
        assertTrue(missing.isEmpty(), what + " in the code but missing from docs/reference.md: " + missing);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
