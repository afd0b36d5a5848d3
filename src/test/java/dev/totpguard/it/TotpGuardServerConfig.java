package dev.totpguard.it;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The Keycloak server every integration test shares: the real 26.7.3 distribution with this project's classes in
 * {@code providers/}, metrics on, and a server log file that tests scan for secrets.
 */
public final class TotpGuardServerConfig implements KeycloakServerConfig {

    /** The test framework's fixed address. */
    static final String BASE_URL = "http://localhost:8080";

    /** Where the server writes its log (set by failsafe; a default for IDE runs). */
    static final String SERVER_LOG = System.getProperty("totpguard.server.log", "target/keycloak-it-server.log");

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        config.dependencyCurrentProject();
        config.option("metrics-enabled", "true");
        config.option("log-file", new java.io.File(SERVER_LOG).getAbsolutePath());
        // success events are logged at DEBUG: make them visible so the secret scan covers them too
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE)
                .categoryLevel("org.keycloak.events", "debug");
        return config;
    }
}
