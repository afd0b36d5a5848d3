package dev.totpguard.login;

import java.util.Map;

/**
 * The sign-in authenticator's configuration (Admin Console, execution config).
 *
 * @param window steps accepted on each side of the server's current step, 0 to 5 (default 1: RFC 6238 §5.2)
 */
record LoginConfig(int window) {

    static final String WINDOW = "totp-guard.window";
    static final int MAX_WINDOW = 5;
    static final LoginConfig DEFAULT = new LoginConfig(1);

    /** Parses the stored config; missing keys take the defaults; a bad value throws with the setting's name. */
    static LoginConfig from(Map<String, String> config) {
        if (config == null) {
            return DEFAULT;
        }
        String window = config.get(WINDOW);
        if (window == null || window.isBlank()) {
            return DEFAULT;
        }
        window = window.trim();
        if (!window.matches("[0-9]") || Integer.parseInt(window) > MAX_WINDOW) {
            throw new IllegalArgumentException(WINDOW + ": must be a whole number from 0 to " + MAX_WINDOW);
        }
        return new LoginConfig(Integer.parseInt(window));
    }
}
