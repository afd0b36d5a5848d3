package dev.totpguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
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

    static final String ENROLL = RequiredActions.ENROLL;
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
        RequiredActions.turnOff(realm, ENROLL);

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
        ServerLog.awaitLine("one log line names the realm and the setting to turn on",
                l -> l.contains(ENROLL) && l.contains(expected) && l.contains("Required actions"));
    }

    /** Realms that exist when the extension starts (restart of a Keycloak of its own, ports 8180/9100). */
    @Test
    void realmsThatExistAtStartUpGetTheActionAndATurnedOffOneStaysOff(@TempDir Path work) throws Exception {
        Path keys = Files.writeString(work.resolve("keys"), SeedKeys.newKeyLine("a", new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        try (KeycloakProcess keycloak = new KeycloakProcess(work)) {
            keycloak.start(keys);
            String token = new AdminApi("master", KeycloakProcess.BASE_URL).masterAdminToken();
            assertEquals(201, AdminApi.post(admin(""), token, "{\"realm\":\"unregistered\",\"enabled\":true}").status());
            assertEquals(201, AdminApi.post(admin(""), token, "{\"realm\":\"turned-off\",\"enabled\":true}").status());
            // as if the realm existed before the extension was installed: the action is not registered
            int removed = AdminApi.delete(admin("/unregistered/authentication/required-actions/" + ENROLL), token).status();
            assertTrue(removed == 204 || removed == 404, "unregistered: " + removed);
            assertEquals(404, AdminApi.get(admin("/unregistered/authentication/required-actions/" + ENROLL), token).status());
            AdminApi.Reply off = AdminApi.get(admin("/turned-off/authentication/required-actions/" + ENROLL), token);
            assertEquals(200, off.status(), off::body);
            JsonNode rep = off.json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) rep).put("enabled", false);
            assertEquals(204, AdminApi.put(admin("/turned-off/authentication/required-actions/" + ENROLL), token,
                    JSON.writeValueAsString(rep)).status());
            keycloak.stop();

            keycloak.start(keys);
            token = new AdminApi("master", KeycloakProcess.BASE_URL).masterAdminToken();
            AdminApi.Reply registered = AdminApi.get(admin("/unregistered/authentication/required-actions/" + ENROLL), token);
            assertEquals(200, registered.status(), "registered at start-up: " + registered.body());
            assertTrue(registered.json().get("enabled").asBoolean(), registered::body);
            AdminApi.Reply stillOff = AdminApi.get(admin("/turned-off/authentication/required-actions/" + ENROLL), token);
            assertFalse(stillOff.json().get("enabled").asBoolean(), "the admin's choice is kept: " + stillOff.body());
            AdminApi.Reply master = AdminApi.get(admin("/master/authentication/required-actions/" + ENROLL), token);
            assertEquals(200, master.status(), "the master realm too");
        }
    }

    /** Keycloak's own admin REST API of the server of its own: {@code /admin/realms{path}}. */
    private static String admin(String path) {
        return KeycloakProcess.BASE_URL + "/admin/realms" + path;
    }
}
