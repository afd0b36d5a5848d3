package dev.totpguard.remember;

import java.util.Locale;

/**
 * The short description a user and an admin see for a remembered browser ("Firefox 128 on Linux"), from what
 * Keycloak's own device detection makes of the User-Agent. The User-Agent is the client's to choose: only letters,
 * digits, spaces and {@code . _ - ( ) +} are kept, at most {@value #MAX_LENGTH} characters. Pure.
 */
final class BrowserDescription {

    static final int MAX_LENGTH = 60;
    static final String UNKNOWN = "Unknown browser";

    private BrowserDescription() {
    }

    /**
     * @param browser Keycloak's browser string, e.g. {@code Firefox/128.0} (name, slash, version), or {@code null}
     * @param os      Keycloak's operating system name, e.g. {@code Linux}, or {@code null}
     */
    static String of(String browser, String os) {
        String name = browser == null ? "" : browser;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String version = name.substring(slash + 1);
            int dot = version.indexOf('.');
            name = name.substring(0, slash) + " " + (dot >= 0 ? version.substring(0, dot) : version);
        }
        name = clean(name);
        String system = clean(os);
        if (name.isEmpty() || name.toLowerCase(Locale.ROOT).startsWith("other")) {
            name = UNKNOWN;
        }
        String text = system.isEmpty() || system.toLowerCase(Locale.ROOT).startsWith("other") ? name : name + " on " + system;
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH).strip();
    }

    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        value.codePoints().forEach(c -> {
            boolean allowed = (c < 128 && Character.isLetterOrDigit(c)) || " ._-()+".indexOf(c) >= 0;
            kept.append(allowed ? (char) c : ' ');
        });
        return kept.toString().replaceAll("\\s+", " ").strip();
    }
}
