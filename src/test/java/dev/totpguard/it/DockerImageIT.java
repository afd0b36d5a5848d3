package dev.totpguard.it;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official container image (the base of the Dockerfile that docker-compose.yml builds) loads the extension and the
 * demo realm. Needs a Docker engine: skipped, visibly, where there is none; every other integration test runs the Maven
 * Central distribution.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

    static final String IMAGE = "quay.io/keycloak/keycloak:26.7.3";

    @Container
    static final KeycloakContainer KEYCLOAK = new KeycloakContainer(IMAGE)
            .withProviderClassesFrom("target/classes")
            .withRealmImportFile("/totp-demo-realm.json")
            .withEnabledMetrics();

    @Test
    void officialImageRunsTheExtensionWithTheDemoRealm() {
        ServerInfoRepresentation info = KEYCLOAK.getKeycloakAdminClient().serverInfo().getInfo();
        assertNotNull(info.getProviders().get("authenticator").getProviders().get("totp-guard-form"));
        assertNotNull(info.getProviders().get("required-action").getProviders().get("totp-guard-enroll"));
        assertNotNull(info.getProviders().get("credential").getProviders().get("totp-guard"));
        assertEquals("totp-guard browser", KEYCLOAK.getKeycloakAdminClient().realm("totp-demo").toRepresentation().getBrowserFlow());

        Browser browser = new Browser(KEYCLOAK.getAuthServerUrl() + "/realms/totp-demo");
        Browser.Page page = DemoRealm.password(browser, "alice");
        assertTrue(page.isRedirectToClient(), () -> "alice signs in with her password, got " + page);
    }
}
