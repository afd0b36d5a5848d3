package dev.totpguard.it;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST …/totp-guard/migrate} moves users of Keycloak's built-in OTP only once the ways in check totp-guard
 * devices: before, 409 and nothing migrated (the users would get in with their password alone), unless forced.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class MigrationOrderIT {

    @InjectRealm(ref = "legacy")
    ManagedRealm realm;

    @Test
    void migrationWaitsUntilTheFlowsCheckDevices() {
        AdminApi api = new AdminApi(realm.getName());
        String token = api.masterAdminToken();
        String first = BuiltInOtp.user(realm.admin(), "first", false, "Kq3xV9mZp2LwT7sYb4N5", BuiltInOtp.TOTP, null);

        // Keycloak's own flows: browser and direct grant check only the built-in OTP
        AdminApi.Reply dry = api.call("POST", "migrate?dryRun=true", token);
        assertEquals(200, dry.status(), dry::toString);
        assertEquals(List.of("browser", "direct-grant"), PostureApi.wayNames(dry.json().get("waysNotChecked")), dry::body);

        AdminApi.Reply refused = api.call("POST", "migrate", token);
        assertEquals(409, refused.status(), refused::toString);
        assertEquals(List.of("browser", "direct-grant"), PostureApi.wayNames(refused.json().get("waysNotChecked")), refused::body);
        assertTrue(refused.json().get("errorMessage").asText().contains("force=true"), refused::body);
        assertFalse(BuiltInOtp.credentials(realm.admin(), first).isEmpty(), "nothing migrated: the built-in credential is still there");
        assertEquals(0, DemoRealm.devices(realm.admin(), first).size(), "and no device");

        AdminApi.Reply forced = api.call("POST", "migrate?force=true", token);
        assertEquals(200, forced.status(), forced::toString);
        assertEquals(1, forced.json().get("migrated").asInt(), forced::body);
        assertEquals(List.of("browser", "direct-grant"), PostureApi.wayNames(forced.json().get("waysNotChecked")), "the report says"
                + " which ways were left open: " + forced.body());
        assertEquals(1, DemoRealm.devices(realm.admin(), first).size());

        // the flows switched first: the next migration needs no force
        String second = BuiltInOtp.user(realm.admin(), "second", false, "Kq3xV9mZp2LwT7sYb4N6", BuiltInOtp.TOTP, null);
        Flows flows = new Flows(realm.admin());
        flows.browserWithCode("guarded browser");
        flows.bindBrowser("guarded browser");
        flows.directGrantWithCode("guarded direct grant");
        flows.bindDirectGrant("guarded direct grant");

        AdminApi.Reply run = api.call("POST", "migrate", token);
        assertEquals(200, run.status(), run::toString);
        assertEquals(1, run.json().get("migrated").asInt(), run::body);
        assertEquals(List.of(), PostureApi.wayNames(run.json().get("waysNotChecked")), run::body);
        assertEquals(1, DemoRealm.devices(realm.admin(), second).size());
        assertTrue(BuiltInOtp.credentials(realm.admin(), second).isEmpty(), "the built-in credential is gone");
    }
}
