package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed import ({@code POST …/totp-guard/users/{id}/devices}) holds to the same limits as enrollment: parameters, seed
 * size, label rules, the realm's device limit, one device per seed; bad bodies get a 4xx, never a 5xx or a trace.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ImportLimitsIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    private AdminApi api;
    private String staff;

    @BeforeEach
    void staff() {
        api = new AdminApi(realm.getName());
        staff = AdminApi.staffToken(realm, "staff", "view-users", "manage-users");
    }

    @Test
    void refusesParametersSeedsAndLabelsOutsideTheEnrollmentLimits() {
        String user = DemoRealm.createUser(realm.admin(), "limits", false);
        String seed = Guesses.base32(Guesses.seed(20));
        String big = Guesses.base32(Guesses.seed(65));
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("period 14", "{\"seed\":\"" + seed + "\",\"period\":14}");
        bad.put("period 121", "{\"seed\":\"" + seed + "\",\"period\":121}");
        bad.put("uri period 10", "{\"otpauthUri\":\"otpauth://totp/ACME:x?secret=" + seed + "&period=10\"}");
        bad.put("uri period 300", "{\"otpauthUri\":\"otpauth://totp/ACME:x?secret=" + seed + "&period=300\"}");
        bad.put("digits 5", "{\"seed\":\"" + seed + "\",\"digits\":5}");
        bad.put("digits 9", "{\"seed\":\"" + seed + "\",\"digits\":9}");
        bad.put("seed of 65 bytes", "{\"seed\":\"" + big + "\"}");
        bad.put("uri seed of 65 bytes", "{\"otpauthUri\":\"otpauth://totp/ACME:x?secret=" + big + "\"}");
        bad.put("label of 65 characters", "{\"seed\":\"" + seed + "\",\"label\":\"" + "x".repeat(65) + "\"}");
        bad.put("label with a control character", "{\"seed\":\"" + seed + "\",\"label\":\"bad\\u0007label\"}");
        bad.put("label with a line break", "{\"seed\":\"" + seed + "\",\"label\":\"two\\nlines\"}");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            AdminApi.Reply reply = importDevice(user, entry.getValue());
            assertEquals(400, reply.status(), () -> entry.getKey() + " -> " + reply);
            AdminApi.assertNoSecret(entry.getKey(), reply.body(), List.of(seed, big));
        }
        assertTrue(DemoRealm.devices(realm.admin(), user).isEmpty(), "nothing stored");

        // the edges themselves are fine
        String edges = DemoRealm.createUser(realm.admin(), "edges", false);
        assertEquals(201, importDevice(edges, "{\"seed\":\"" + Guesses.base32(Guesses.seed(64)) + "\",\"period\":15,\"digits\":8,\"label\":\""
                + "y".repeat(64) + "\"}").status());
        assertEquals(201, importDevice(edges, "{\"seed\":\"" + Guesses.base32(Guesses.seed(16)) + "\",\"period\":120,\"digits\":6,\"label\":\"b\"}").status());
    }

    @Test
    void labelsFollowTheEnrollmentRulesAndTheRealmDeviceLimitHolds() {
        DemoRealm.setMaxDevices(realm, "2");
        String user = DemoRealm.createUser(realm.admin(), "limit", false);
        assertEquals(201, importDevice(user, "{\"seed\":\"" + Guesses.base32(Guesses.seed(20)) + "\",\"label\":\"token\"}").status());

        AdminApi.Reply taken = importDevice(user, "{\"seed\":\"" + Guesses.base32(Guesses.seed(20)) + "\",\"label\":\" TOKEN \"}");
        assertEquals(409, taken.status(), () -> "a label the user already uses (any case) -> " + taken);
        AdminApi.Reply unnamed = importDevice(user, "{\"seed\":\"" + Guesses.base32(Guesses.seed(20)) + "\"}");
        assertEquals(400, unnamed.status(), () -> "a second device needs a name, as at enrollment -> " + unnamed);

        assertEquals(201, importDevice(user, "{\"seed\":\"" + Guesses.base32(Guesses.seed(20)) + "\",\"label\":\"backup\"}").status());
        AdminApi.Reply third = importDevice(user, "{\"seed\":\"" + Guesses.base32(Guesses.seed(20)) + "\",\"label\":\"third\"}");
        assertEquals(409, third.status(), () -> "the realm's maximum of 2 devices -> " + third);
        assertTrue(third.body().contains("totp-guard.max-devices"), () -> "names the setting: " + third);
        assertEquals(2, DemoRealm.devices(realm.admin(), user).size());
    }

    @Test
    void aSeedTheUserAlreadyHasIsRefused() {
        String user = DemoRealm.createUser(realm.admin(), "dup", false);
        String seed = Guesses.base32(Guesses.seed(20));
        assertEquals(201, importDevice(user, "{\"seed\":\"" + seed + "\",\"label\":\"token\"}").status());
        AdminApi.Reply again = importDevice(user, "{\"otpauthUri\":\"otpauth://totp/ACME:" + user + "?secret="
                + seed.toLowerCase(java.util.Locale.ROOT) + "&period=30\",\"label\":\"same token\"}");
        assertEquals(409, again.status(), () -> "the same seed again, written differently -> " + again);
        AdminApi.assertNoSecret("error", again.body(), List.of(seed));
        assertEquals(1, DemoRealm.devices(realm.admin(), user).size());

        // another user may hold the same seed (a shared hardware token is the admin's decision)
        String other = DemoRealm.createUser(realm.admin(), "dup-other", false);
        assertEquals(201, importDevice(other, "{\"seed\":\"" + seed + "\",\"label\":\"token\"}").status());
    }

    @Test
    void oversizedAndMalformedBodiesGetA4xxNeverATrace() {
        String user = DemoRealm.createUser(realm.admin(), "body", false);
        String seed = Guesses.base32(Guesses.seed(20));
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("20 KB label", "{\"seed\":\"" + seed + "\",\"label\":\"" + "z".repeat(20 * 1024) + "\"}");
        bodies.put("1 MB", "{\"seed\":\"" + seed + "\",\"pad\":\"" + "z".repeat(1024 * 1024) + "\"}");
        bodies.put("not JSON", "seed=" + seed);
        bodies.put("truncated JSON", "{\"seed\":\"" + seed + "\"");
        bodies.put("an array", "[\"" + seed + "\"]");
        bodies.put("a number for the seed", "{\"seed\":12345678901234567890}");
        bodies.put("a duplicated field", "{\"seed\":\"" + seed + "\",\"digits\":6,\"digits\":8}");
        bodies.put("an unknown field (typo)", "{\"seed\":\"" + seed + "\",\"digit\":8}");
        bodies.put("a fraction for digits", "{\"seed\":\"" + seed + "\",\"digits\":6.5}");
        bodies.put("empty", "");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> entry : bodies.entrySet()) {
            AdminApi.Reply reply = importDevice(user, entry.getValue());
            if (reply.status() != 400 && reply.status() != 413) {
                failures.add(entry.getKey() + " -> " + reply.status());
            }
            assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat "), () -> entry.getKey() + ": " + reply);
            AdminApi.assertNoSecret(entry.getKey(), reply.body(), List.of(seed));
        }
        assertTrue(failures.isEmpty(), () -> "expected 400 or 413: " + failures);
        assertTrue(DemoRealm.devices(realm.admin(), user).isEmpty(), "nothing stored");
    }

    private AdminApi.Reply importDevice(String username, String body) {
        return api.call("POST", "users/" + DemoRealm.userId(realm.admin(), username) + "/devices", staff, body);
    }
}
