package dev.totpguard.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.theme.beans.MessageFormatterMethod;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every notification template renders, in English and German, text and HTML, the way Keycloak's email theme renders
 * it (FreeMarker 2.3.32, HTML output format for {@code .ftl}, no class resolving, templates looked up in the email
 * theme and then in our jar's theme resources), and names what the mail is about without a link.
 */
class NoticeTemplatesTest {

    static List<Arguments> everyKindLanguageAndFormat() {
        List<Arguments> all = new java.util.ArrayList<>();
        for (Notice.Kind kind : Notice.Kind.values()) {
            for (String language : List.of("en", "de")) {
                for (String format : List.of("text", "html")) {
                    for (boolean byAdmin : List.of(false, true)) {
                        all.add(Arguments.of(kind, language, format, byAdmin));
                    }
                }
            }
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource
    void everyKindLanguageAndFormat(Notice.Kind kind, String language, String format, boolean byAdmin) throws Exception {
        String variant = switch (kind) {
            case DEVICE_ADDED -> byAdmin ? "imported" : "enrolled";
            case LOCKOUT -> byAdmin ? "locked" : "waiting";
            case RECOVERY_CODE_USED -> "3";
            default -> null;
        };
        List<String> labels = kind == Notice.Kind.DEVICES_RESET ? java.util.Arrays.asList("phone <b>", null)
                : kind == Notice.Kind.RECOVERY_CODE_USED ? List.of() : List.of("phone <b>");
        Notice notice = new Notice(kind, "realm", "user", 1_767_225_600_000L, byAdmin ? null : "demo-app",
                "192.0.2.7", byAdmin, labels, variant);
        String mail = render(format + "/" + kind.template(), Locale.forLanguageTag(language), notice);

        assertFalse(mail.contains("{"), mail);
        assertFalse(mail.toLowerCase(Locale.ROOT).contains("http"), mail);
        assertFalse(mail.contains("href"), mail);
        assertTrue(mail.contains("2026-01-01 00:00:00 UTC"), mail);
        if (byAdmin) {
            // an admin's action names no IP address, even if one reached the template
            assertFalse(mail.contains("192.0.2.7"), mail);
            assertFalse(mail.contains("en".equals(language) ? "IP address" : "IP-Adresse"), mail);
        } else {
            assertTrue(mail.contains("192.0.2.7"), mail);
        }
        assertTrue(mail.contains(byAdmin ? ("en".equals(language) ? "an administrator" : "einem Administrator") : "demo-app"), mail);
        if (kind != Notice.Kind.RECOVERY_CODE_USED) {
            assertTrue(mail.contains("html".equals(format) ? "phone &lt;b&gt;" : "phone <b>"), mail);
            assertFalse("html".equals(format) && mail.contains("phone <b>"), mail);
        }
        if (kind == Notice.Kind.DEVICES_RESET) {
            assertTrue(mail.contains("en".equals(language) ? "Unnamed device" : "Unbenanntes Ger"), mail);
        }
        if (kind == Notice.Kind.RECOVERY_CODE_USED) {
            assertTrue(mail.contains(" 3 "), mail);
        }
    }

    private static String render(String name, Locale locale, Notice notice) throws IOException, TemplateException {
        ClassLoader cl = NoticeTemplatesTest.class.getClassLoader();
        TemplateLoader loader = new MultiTemplateLoader(new TemplateLoader[]{
                new ClassTemplateLoader(cl, "theme/base/email"), new ClassTemplateLoader(cl, "theme-resources/templates")});
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setTemplateLoader(loader);
        Template template = cfg.getTemplate(name, "UTF-8");
        Properties messages = new Properties();
        load(messages, "theme/base/email/messages/messages_" + locale.getLanguage() + ".properties");
        load(messages, "theme-resources/messages/messages_" + locale.getLanguage() + ".properties");
        // Keycloak adds its own attributes to the very map the caller passes
        Map<String, Object> model = NoticeMail.attributes(notice);
        model.put("msg", new MessageFormatterMethod(locale, messages));
        model.put("locale", locale);
        model.put("ltr", true);
        model.put("realmName", "Demo");
        StringWriter out = new StringWriter();
        template.process(model, out);
        return out.toString();
    }

    private static void load(Properties into, String resource) {
        try (InputStream in = NoticeTemplatesTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing " + resource);
            }
            into.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
