package dev.totpguard.login;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The sign-in authenticator's configuration (Admin Console, gear icon of the execution).
 *
 * @param window steps accepted on each side of the server's current step, 0 to 5 (default 1: RFC 6238 §5.2)
 * @param level  level of authentication (LoA) a correct code gives this sign-in, 1 to 9; empty (default): leave the
 *               level to Keycloak's "Condition - Level of Authentication"
 */
record LoginConfig(int window, OptionalInt level) {

    static final String WINDOW = "totp-guard.window";
    static final String LEVEL = "totp-guard.loa";
    static final int MAX_WINDOW = 5;
    static final int MAX_LEVEL = 9;
    /** The Admin Console's choice for "no level"; blank or missing mean the same. */
    static final String NO_LEVEL = "none";
    static final List<String> WINDOW_CHOICES = IntStream.rangeClosed(0, MAX_WINDOW).mapToObj(String::valueOf).toList();
    static final List<String> LEVEL_CHOICES = IntStream.rangeClosed(0, MAX_LEVEL)
            .mapToObj(i -> i == 0 ? NO_LEVEL : String.valueOf(i)).toList();
    static final LoginConfig DEFAULT = new LoginConfig(1, OptionalInt.empty());

    /** Parses the stored config; missing keys take the defaults; a bad value throws with the setting's name. */
    static LoginConfig from(Map<String, String> config) {
        if (config == null) {
            return DEFAULT;
        }
        int window = DEFAULT.window;
        String w = config.get(WINDOW);
        if (w != null && !w.isBlank()) {
            w = w.trim();
            if (!w.matches("[0-9]") || Integer.parseInt(w) > MAX_WINDOW) {
                throw new IllegalArgumentException("Window must be a whole number from 0 to " + MAX_WINDOW + " (" + WINDOW + ")");
            }
            window = Integer.parseInt(w);
        }
        OptionalInt level = OptionalInt.empty();
        String l = config.get(LEVEL);
        if (l != null && !l.isBlank() && !l.trim().equals(NO_LEVEL)) {
            l = l.trim();
            if (!l.matches("[1-9]")) {
                throw new IllegalArgumentException("Level of authentication must be " + NO_LEVEL + " or a whole number from 1 to "
                        + MAX_LEVEL + " (" + LEVEL + ")");
            }
            level = OptionalInt.of(Integer.parseInt(l));
        }
        return new LoginConfig(window, level);
    }
}
