package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.totpguard.credential.SeedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installed means usable: the enrollment required action is registered (enabled) in every realm, those created after
 * start-up and those that existed before; an admin can still turn it off, and then a user who must enroll is told to
 * contact the administrator while the server log names the realm and the setting.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class RealmSetupIT {

    static final String ENROLL = "totp-guard-enroll";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @Test
    void aRealmCreatedThroughTheAdminApiHasTheEnrollActionEnabled() {
        String name = "setup-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        adminClient.realms().create(rep);
        try {
            AuthenticationManagementResource flows = adminClient.realm(name).flows();
            RequiredActionProviderRepresentation action = flows.getRequiredAction(ENROLL);
            assertTrue(action.isEnabled(), "registered and enabled, as Keycloak does for its own");
            assertEquals("Configure TOTP device (totp-guard)", action.getName());

            // the admin can still turn it off
            action.setEnabled(false);
            flows.updateRequiredAction(ENROLL, action);
            assertFalse(flows.getRequiredAction(ENROLL).isEnabled());
        } finally {
            adminClient.realm(name).remove();
        }
    }

    @Test
    void withTheActionOffAUserWhoMustEnrollIsToldToContactTheAdministrator() throws Exception {
        AuthenticationManagementResource flows = realm.admin().flows();
        RequiredActionProviderRepresentation action = flows.getRequiredAction(ENROLL);
        action.setEnabled(false);
        flows.updateRequiredAction(ENROLL, action);
        realm.cleanup().add(r -> {
            RequiredActionProviderRepresentation on = r.flows().getRequiredAction(ENROLL);
            on.setEnabled(true);
            r.flows().updateRequiredAction(ENROLL, on);
        });

        String admin = DemoRealm.createUser(realm.admin(), "no-enroll", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page page = DemoRealm.password(browser, admin);
        assertFalse(page.isRedirectToClient(), () -> "no sign-in without a second factor, got " + page);
        assertFalse(page.isEnrollment());
        assertTrue(page.status() < 500, page::toString);
        assertTrue(page.body().contains("contact your administrator"), () -> "tells the user what to do: " + page.body());
        assertFalse(page.body().contains("credential setup required"), "not Keycloak's generic message");
        assertTrue(DemoRealm.devices(realm.admin(), admin).isEmpty());

        String expected = "realm " + realm.getName();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = Files.readAllLines(Path.of(TotpGuardServerConfig.SERVER_LOG)).stream()
                    .filter(l -> l.contains(ENROLL) && l.contains(expected) && l.contains("Required actions"))
                    .findFirst().orElse(null);
            if (line == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(line != null, "one log line names the realm and the setting to turn on");
    }

    /** Realms that exist when the extension starts (restart of a Keycloak of its own, ports 8180/9100). */
    @Test
    void realmsThatExistAtStartUpGetTheActionAndATurnedOffOneStaysOff(@TempDir Path work) throws Exception {
        Path keys = Files.writeString(work.resolve("keys"), SeedKeys.newKeyLine("a", new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        try (KeycloakProcess keycloak = new KeycloakProcess(work)) {
            keycloak.start(keys);
            String token = new AdminApi("master", KeycloakProcess.BASE_URL).masterAdminToken();
            assertEquals(201, admin("POST", "", token, "{\"realm\":\"unregistered\",\"enabled\":true}").statusCode());
            assertEquals(201, admin("POST", "", token, "{\"realm\":\"turned-off\",\"enabled\":true}").statusCode());
            // as if the realm existed before the extension was installed: the action is not registered
            int removed = admin("DELETE", "/unregistered/authentication/required-actions/" + ENROLL, token, null).statusCode();
            assertTrue(removed == 204 || removed == 404, "unregistered: " + removed);
            assertEquals(404, admin("GET", "/unregistered/authentication/required-actions/" + ENROLL, token, null).statusCode());
            HttpResponse<String> off = admin("GET", "/turned-off/authentication/required-actions/" + ENROLL, token, null);
            assertEquals(200, off.statusCode(), off::body);
            JsonNode rep = JSON.readTree(off.body());
            ((com.fasterxml.jackson.databind.node.ObjectNode) rep).put("enabled", false);
            assertEquals(204, admin("PUT", "/turned-off/authentication/required-actions/" + ENROLL, token,
                    JSON.writeValueAsString(rep)).statusCode());
            keycloak.stop();

            keycloak.start(keys);
            token = new AdminApi("master", KeycloakProcess.BASE_URL).masterAdminToken();
            HttpResponse<String> registered = admin("GET", "/unregistered/authentication/required-actions/" + ENROLL, token, null);
            assertEquals(200, registered.statusCode(), "registered at start-up: " + registered.body());
            assertTrue(JSON.readTree(registered.body()).get("enabled").asBoolean(), registered::body);
            HttpResponse<String> stillOff = admin("GET", "/turned-off/authentication/required-actions/" + ENROLL, token, null);
            assertFalse(JSON.readTree(stillOff.body()).get("enabled").asBoolean(), "the admin's choice is kept: " + stillOff.body());
            HttpResponse<String> master = admin("GET", "/master/authentication/required-actions/" + ENROLL, token, null);
            assertEquals(200, master.statusCode(), "the master realm too");
        }
    }

    private static HttpResponse<String> admin(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(KeycloakProcess.BASE_URL + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
