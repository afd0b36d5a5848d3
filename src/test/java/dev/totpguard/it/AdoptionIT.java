package dev.totpguard.it;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.Base32;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users of Keycloak's built-in OTP move over without a new QR code; existing seeds can be imported. */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class AdoptionIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private AdminApi api;
    private String staff;

    @BeforeEach
    void staff() {
        api = new AdminApi(realm.getName());
        staff = AdminApi.staffToken(realm, "staff", "view-users", "manage-users", "view-realm", "manage-realm");
    }

    @Test
    void builtInOtpUsersMigrateAndKeepTheirApp() {
        // a user enrolled with Keycloak's own OTP: a 20-character secret, as Keycloak generates them
        String secret = "Kq3xV9mZp2LwT7sYb4Nc";
        String user = BuiltInOtp.user(realm.admin(), "legacy", true, secret, BuiltInOtp.TOTP, "my phone");
        String hotpUser = BuiltInOtp.user(realm.admin(), "legacy-hotp", true, "Zq3xV9mZp2LwT7sYb4Nd", BuiltInOtp.HOTP, null);

        AdminApi.Reply dry = api.call("POST", "migrate?dryRun=true", staff);
        assertEquals(200, dry.status(), dry::toString);
        assertTrue(dry.json().get("dryRun").asBoolean());
        assertEquals(2, dry.json().get("found").asInt(), dry.body());
        assertEquals(1, dry.json().get("migrated").asInt(), "one would migrate: " + dry.body());
        assertTrue(dry.body().contains("HOTP"), "the HOTP device is reported as skipped");
        assertTrue(DemoRealm.devices(realm.admin(), user).isEmpty(), "a dry run changes nothing");

        AdminApi.Reply run = api.call("POST", "migrate", staff);
        assertEquals(1, run.json().get("migrated").asInt(), run.body());
        List<CredentialRepresentation> devices = DemoRealm.devices(realm.admin(), user);
        assertEquals(1, devices.size());
        assertEquals("my phone", devices.get(0).getUserLabel(), "label kept");
        assertTrue(BuiltInOtp.credentials(realm.admin(), user).isEmpty(), "the built-in credential, with its plaintext seed, is gone");
        assertFalse(BuiltInOtp.credentials(realm.admin(), hotpUser).isEmpty(), "the HOTP device is left as it was");
        assertTrue(adminEvents("totp-guard/migrate").size() == 1, "an admin event for the migration");
        AdminApi.assertNoSecret("migration report", run.body(), List.of(secret));

        // the same app, the same codes: no new QR code. The codes the built-in check could still have accepted (its
        // look-around window, up to the next step) are used: the server a minute later
        timeOffSet.set(60);
        Codes.awayFromStepBoundary(60);
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        String code = Codes.totp(key, Codes.currentStep(30, 60), 6, HmacOTP.HMAC_SHA1);
        Browser.Page page = DemoRealm.prompt(realm.admin(), user).submit(code);
        assertTrue(page.isRedirectToClient(), () -> "signed in with a code of the old app, got " + page);

        AdminApi.Reply again = api.call("POST", "migrate", staff);
        assertEquals(0, again.json().get("migrated").asInt(), "idempotent: " + again.body());
    }

    @Test
    void importedSeedsAreEncryptedAndWorkAtOnce() {
        String user = DemoRealm.createUser(realm.admin(), "token", true);
        String userId = DemoRealm.userId(realm.admin(), user);
        byte[] seed = new byte[20];
        RANDOM.nextBytes(seed);
        String base32 = Base32.encode(seed).replace("=", "");
        String uri = "otpauth://totp/ACME:" + user + "?secret=" + base32 + "&issuer=ACME&algorithm=SHA1&digits=6&period=30";

        AdminApi.Reply created = api.call("POST", "users/" + userId + "/devices", staff,
                "{\"otpauthUri\":\"" + uri + "\",\"label\":\"hardware token\"}");
        assertEquals(201, created.status(), created::toString);
        AdminApi.assertNoSecret("import response", created.body(), List.of(base32));
        assertEquals("hardware token", DemoRealm.devices(realm.admin(), user).get(0).getUserLabel());
        JsonNode keys = api.call("GET", "keys", staff).json();
        assertTrue(keys.get("devicesByKey").get("it-1").asLong() >= 1, "sealed under the primary key: " + keys);
        assertFalse(keys.get("devicesByKey").has("unsealed"));
        assertEquals(1, adminEvents("users/" + userId + "/totp-guard/devices/").size(), "an admin event for the import");

        // the token's current code works right away
        Browser.Page page = DemoRealm.prompt(realm.admin(), user).submit(Codes.sha1(seed, Codes.currentStep(30)));
        assertTrue(page.isRedirectToClient(), () -> "signed in with the imported token, got " + page);

        // bad input: clear 400s, never the secret back
        String shortSecret = Base32.encode(new byte[10]).replace("=", "");
        for (String body : List.of("{\"secret\":\"" + shortSecret + "\"}", "{\"otpauthUri\":\"otpauth://hotp/x?secret=" + base32 + "\"}",
                "{\"secret\":\"" + base32 + "\",\"digits\":5}", "{\"secret\":\"not base32!\"}", "{}")) {
            AdminApi.Reply bad = api.call("POST", "users/" + userId + "/devices", staff, body);
            assertEquals(400, bad.status(), () -> body + " -> " + bad);
            AdminApi.assertNoSecret("error", bad.body(), List.of(base32, shortSecret));
        }
        assertEquals(403, api.call("POST", "users/" + userId + "/devices",
                api.token(DemoRealm.createUser(realm.admin(), "nobody", false)), "{\"secret\":\"" + base32 + "\"}").status());
    }

    private List<AdminEventRepresentation> adminEvents(String pathPart) {
        return realm.admin().getAdminEvents().stream()
                .filter(e -> e.getResourcePath() != null && e.getResourcePath().contains(pathPart)).toList();
    }
}
