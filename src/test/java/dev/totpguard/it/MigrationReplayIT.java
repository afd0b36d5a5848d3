package dev.totpguard.it;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.Base32;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration of Keycloak's built-in OTP: a code the built-in check accepted just before the migration is used for the
 * new device too (every step up to the built-in look-around window), and seeds under 128 bits are reported as weak.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class MigrationReplayIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private AdminApi api;
    private String staff;

    @BeforeEach
    void staff() {
        api = new AdminApi(realm.getName());
        staff = AdminApi.staffToken(realm, "staff", "view-users", "manage-users");
    }

    @Test
    void aCodeTheBuiltInOtpAcceptedBeforeTheMigrationIsRefusedAfterIt() {
        // Keycloak's own kind of secret: 20 characters of [A-Za-z0-9], used as raw bytes
        String secret = "Rb7kQ2xVn9LmT4sWc8Pz";
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        String user = BuiltInOtp.user(realm.admin(), "replay", true, secret, BuiltInOtp.TOTP, null);
        assertEquals(1, realm.admin().toRepresentation().getOtpPolicyLookAheadWindow(), "the realm's look-around window");

        // the built-in OTP accepts the code of the next step (its look-around window is ±1): tokens by direct grant
        Codes.awayFromStepBoundary(0);
        long t = Codes.currentStep(30);
        String ahead = Codes.totp(key, t + 1, 6, HmacOTP.HMAC_SHA1);
        TokenGrant.Reply accepted = directGrant(user, ahead);
        assertEquals(200, accepted.status(), () -> "the built-in OTP accepts the code of step T+1: " + accepted);

        AdminApi.Reply run = api.call("POST", "migrate", staff);
        assertEquals(200, run.status(), run::toString);
        assertEquals(1, DemoRealm.devices(realm.admin(), user).size(), run::body);

        // that code, and every code the built-in window could have accepted, is used for the new device
        String userId = DemoRealm.userId(realm.admin(), user);
        for (long step : new long[] {t + 1, t, t - 1}) {
            unlock(userId); // each attempt judged on its own, not refused by a lock the previous one started
            Browser.Page page = DemoRealm.prompt(realm.admin(), user).submit(Codes.totp(key, step, 6, HmacOTP.HMAC_SHA1));
            assertTrue(page.isCodePrompt() && page.codeError().isPresent(),
                    () -> "step T" + (step - t) + " was usable with the built-in OTP: refused now, got " + page);
        }
        unlock(userId);
        TokenGrant.Reply replayedGrant = directGrant(user, ahead);
        assertEquals(400, replayedGrant.status(), () -> "and by direct grant: " + replayedGrant);
        long replayed = DemoRealm.events(realm.admin(), user, "LOGIN_ERROR").stream()
                .filter(e -> "replayed".equals(e.getDetails().get("reason"))).count();
        assertEquals(4, replayed, "each refused as a replay, not as a wrong code");

        // later codes work (the server two steps later)
        unlock(userId);
        timeOffSet.set(60);
        Codes.awayFromStepBoundary(60);
        long later = Codes.currentStep(30, 60);
        Browser.Page page = DemoRealm.prompt(realm.admin(), user).submit(Codes.totp(key, later, 6, HmacOTP.HMAC_SHA1));
        assertTrue(page.isRedirectToClient(), () -> "a later code of the same app signs in, got " + page);
    }

    @Test
    void seedsUnder128BitsAreMigratedAndReportedAsWeak() {
        String weakSecret = "Hn3vX8qLm2ZpR6tYw9Kd"; // 20 alphanumeric characters: about 119 bits
        String weak = BuiltInOtp.user(realm.admin(), "weak", true, weakSecret, BuiltInOtp.TOTP, null);
        byte[] strongKey = new byte[20];
        new SecureRandom().nextBytes(strongKey);
        String strongBase32 = Base32.encode(strongKey).replace("=", "");
        String strong = BuiltInOtp.user(realm.admin(), "strong", true, strongBase32, BuiltInOtp.totp("BASE32"), null);
        String weakCredential = BuiltInOtp.credentials(realm.admin(), weak).get(0).getId();

        String strongCredential = BuiltInOtp.credentials(realm.admin(), strong).get(0).getId();

        AdminApi.Reply dry = api.call("POST", "migrate?dryRun=true", staff);
        assertEquals(200, dry.status(), dry::toString);
        assertWeak(dry.json(), DemoRealm.userId(realm.admin(), weak), weakCredential, 119);
        assertFalse(dry.body().contains(strongCredential), () -> "a 160-bit seed is not weak: " + dry.body());

        AdminApi.Reply run = api.call("POST", "migrate", staff);
        assertEquals(200, run.status(), run::toString);
        assertFalse(run.body().contains(strongCredential), () -> "a 160-bit seed is not weak: " + run.body());
        JsonNode entry = assertWeak(run.json(), DemoRealm.userId(realm.admin(), weak), weakCredential, 119);
        String deviceId = entry.get("deviceId").asText();
        assertEquals(deviceId, DemoRealm.devices(realm.admin(), weak).get(0).getId(), "names the new device");
        assertEquals(1, DemoRealm.devices(realm.admin(), strong).size(), "the strong one migrated too");
        AdminApi.assertNoSecret("migration report", run.body(), List.of(weakSecret, strongBase32));
    }

    private void unlock(String userId) {
        AdminApi.Reply unlocked = api.call("POST", "users/" + userId + "/unlock", staff);
        assertEquals(200, unlocked.status(), unlocked::toString);
    }

    private static JsonNode assertWeak(JsonNode report, String userId, String credentialId, int bits) {
        JsonNode weak = report.get("weak");
        assertNotNull(weak, () -> "the report lists weak seeds: " + report);
        JsonNode entry = AdminApi.find(weak, "credentialId", credentialId)
                .orElseThrow(() -> new AssertionError("credential " + credentialId + " not listed as weak: " + report));
        assertEquals(userId, entry.get("userId").asText());
        assertEquals(bits, entry.get("bits").asInt(), entry::toString);
        return entry;
    }

    /** A password grant with a code in {@code totp}, as Keycloak's own direct-grant OTP step reads it. */
    private TokenGrant.Reply directGrant(String username, String code) {
        return TokenGrant.password(realm.getBaseUrl(), AdminApi.CLI, username, Map.of("totp", code));
    }
}
