package dev.totpguard.it;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The Keycloak server every integration test shares: the real 26.7.3 distribution with this project's classes in
 * {@code providers/}, metrics on, and a server log file ({@code target/keycloak-it-server.log}) that tests scan for
 * secrets and that {@link ServerLogOnFailure} shows from when a test fails.
 */
public final class TotpGuardServerConfig implements KeycloakServerConfig {

    /** The test framework's fixed address. */
    static final String BASE_URL = "http://localhost:8080";

    /** Where the server writes its log (set by failsafe; a default for IDE runs). */
    static final String SERVER_LOG = System.getProperty("totpguard.server.log", "target/keycloak-it-server.log");

    /** The seed keys file the test server reads: one fresh random key per test run. */
    static final java.nio.file.Path KEYS_FILE = writeKeys();

    private static java.nio.file.Path writeKeys() {
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", "it-keys", "totp-guard-keys").toAbsolutePath();
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, "# generated for the integration tests\n"
                    + dev.totpguard.credential.SeedKeys.newKeyLine("it-1", new java.security.SecureRandom()) + "\n");
            // owner-only, as SeedKeys makes it: the server would warn about a file others can read
            java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        config.dependencyCurrentProject();
        config.spiOption("credential", "totp-guard", "keys-file", KEYS_FILE.toString());
        config.option("metrics-enabled", "true");
        config.option("log-file", new java.io.File(SERVER_LOG).getAbsolutePath());
        // success events are logged at DEBUG: make them visible so the secret scan covers them too. They go to the
        // file only: the console (which the test framework reads to see the server start, and would echo into the
        // build log, see keycloak-test.properties) gets INFO and above. ServerLogOnFailure prints the file's relevant
        // lines when a test fails.
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE)
                .handlerLevel(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, "info")
                .categoryLevel("org.keycloak.events", "debug");
        return config;
    }
}
