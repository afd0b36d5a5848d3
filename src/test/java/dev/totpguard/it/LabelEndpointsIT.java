package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's own label endpoints (Account REST {@code PUT …/account/credentials/{id}/label}, admin
 * {@code PUT …/users/{id}/credentials/{id}/userLabel}) write a device's whole credential row, not only its label, and
 * bypass our label rules. The first tests check that a rename never writes an older state of the device back (last
 * step, counters), right after an accepted code left the user in Keycloak's user cache, before and after failures;
 * since 0.2.0 that state lives in its own table, out of the row these endpoints write. The last one checks that
 * labels renamed there are shown cleaned on the sign-in prompt and in events (no control characters, at most 64
 * characters, duplicates told apart).
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class LabelEndpointsIT {

    /** Three steps ahead: codes of the steps between enrollment and now are fresh, and within the window. */
    private static final int OFFSET = 90;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private AdminApi api;

    @BeforeEach
    void admin() {
        api = new AdminApi(realm.getName());
    }

    /** A user with one device enrolled through the Account Console's action, and an account token. */
    private record Member(TotpDevice phone, String token) {
    }

    private Member member(String prefix, String label) {
        DemoRealm.SignedIn signedIn = DemoRealm.passwordOnly(realm, prefix);
        String token = signedIn.tokens().get("access_token").asText();
        Browser browser = signedIn.browser();
        TotpDevice phone = TotpDevice.enroll(realm.admin(), browser, browser.openLogin("kc_action", "totp-guard-enroll"),
                signedIn.username(), label);
        return new Member(phone, token);
    }

    @Test
    void accountLabelEndpointKeepsLastStepAndCounters() {
        renameKeepsTheDevicesState((m, label) -> {
            AdminApi.Reply reply = accountRename(m, label);
            assertEquals(204, reply.status(), () -> "account rename: " + reply);
        });
    }

    @Test
    void adminLabelEndpointKeepsLastStepAndCounters() {
        renameKeepsTheDevicesState((m, label) ->
                realm.admin().users().get(m.phone().userId()).setCredentialUserLabel(m.phone().credentialId(), label));
    }

    private void renameKeepsTheDevicesState(BiConsumer<Member, String> rename) {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        realm.cleanup().add(r -> DemoRealm.bruteForceDetection(r, true));
        Member m = member("rename", "phone");
        timeOffSet.set(OFFSET);
        // an accepted code: the last step moves on in the database, the user stays cached with the enrollment's step
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), m.phone().username());
        String accepted = m.phone().currentCode(OFFSET);
        long acceptedStep = m.phone().lastStep();
        Browser.Page in = prompt.submit(accepted);
        assertTrue(in.isRedirectToClient(), () -> "signed in with a code, got " + in);
        JsonNode before = device(m);
        assertTrue(before.get("lastUsed").isNumber(), before::toString);
        assertEquals(acceptedStep, DemoRealm.deviceData(realm.admin(), m.phone().username()).get("lastStep").asLong());
        // what Keycloak's endpoints write back is its credential row, which holds the parameters only (0.1 and the
        // first 0.2 builds kept the state there too, and a rename from a cached copy could write an older one back)
        String keycloaksCopy = DemoRealm.devices(realm.admin(), m.phone().username()).get(0).getCredentialData();
        assertFalse(keycloaksCopy.contains("lastStep") || keycloaksCopy.contains("failures"), keycloaksCopy);

        rename.accept(m, "renamed");

        JsonNode after = device(m);
        assertEquals("renamed", after.get("label").asText());
        assertEquals(before.get("lastUsed"), after.get("lastUsed"), "the rename kept the last use");
        assertEquals(acceptedStep, DemoRealm.deviceData(realm.admin(), m.phone().username()).get("lastStep").asLong(),
                "the rename kept the last step");
        // the step before the accepted one was never used and is within the window: only the last step refuses it
        DemoRealm.Prompt again = DemoRealm.prompt(realm.admin(), m.phone().username());
        Browser.Page older = again.submit(m.phone().codeAt(acceptedStep - 1));
        assertFalse(older.isRedirectToClient(), () -> "a step older than the accepted one is refused, got " + older);
        assertEquals("replayed", DemoRealm.lastReason(realm.admin(), m.phone().username()));
        Browser.Page replay = again.browser().submit(older, Map.of("otp", accepted));
        assertFalse(replay.isRedirectToClient(), () -> "the accepted code is refused again, got " + replay);
        assertEquals("replayed", DemoRealm.lastReason(realm.admin(), m.phone().username()));

        // failures counted before a rename stay counted
        Browser.Page wrong = again.browser().submit(replay, Map.of("otp", m.phone().wrongCode(acceptedStep, 12)));
        assertTrue(wrong.isCodePrompt());
        int failures = device(m).get("consecutiveFailures").asInt();
        assertEquals(3, failures, "two replays and a wrong code");
        rename.accept(m, "renamed again");
        JsonNode afterFailures = device(m);
        assertEquals("renamed again", afterFailures.get("label").asText());
        assertEquals(failures, afterFailures.get("consecutiveFailures").asInt(), "the rename kept the failures");
        assertEquals(acceptedStep, DemoRealm.deviceData(realm.admin(), m.phone().username()).get("lastStep").asLong());
    }

    @Test
    void labelsRenamedByKeycloakAreShownCleaned() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        realm.cleanup().add(r -> DemoRealm.bruteForceDetection(r, true));
        Member m = member("labels", "tablet");
        TotpDevice.importedFor(realm, m.phone().username()); // label "phone"

        // Keycloak refuses the other device's label itself (409), but not with a character that is not shown
        assertEquals(409, accountRename(m, "phone").status(), "Keycloak's own duplicate check");
        assertEquals(204, accountRename(m, "phone\u200F").status());
        List<String> shown = promptLabels(m.phone().username());
        assertEquals(2, shown.size(), shown::toString);
        assertFalse(shown.get(0).equalsIgnoreCase(shown.get(1)), () -> "the prompt tells the two devices apart: " + shown);

        // control characters, a line break and a bidirectional override
        assertEquals(204, accountRename(m, " bad\u0007na\u202Eme\nevil ").status());
        List<String> cleaned = promptLabels(m.phone().username());
        assertTrue(cleaned.contains("badnameevil"), () -> "the prompt shows the label cleaned: " + cleaned);
        // and the event of a sign-in with that device
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), m.phone().username());
        Browser.Page in = prompt.browser().submit(prompt.page(), Map.of("selectedCredentialId", m.phone().credentialId(),
                "otp", m.phone().nextCode()));
        assertTrue(in.isRedirectToClient(), () -> "signed in, got " + in);
        EventRepresentation login = DemoRealm.events(realm.admin(), m.phone().username(), "LOGIN").get(0);
        assertEquals("badnameevil", login.getDetails().get("credential_user_label"), login.getDetails()::toString);

        // long labels: shown with at most 64 characters, whatever Keycloak stored
        for (int length : new int[]{200, 500}) {
            AdminApi.Reply reply = accountRename(m, "x".repeat(length));
            System.out.printf("[figures] Account REST rename to %d characters: HTTP %d%n", length, reply.status());
            List<String> labels = promptLabels(m.phone().username());
            assertEquals(2, labels.size(), labels::toString);
            for (String s : labels) {
                assertTrue(s.length() <= 64, () -> length + " characters sent, the prompt shows " + s.length());
            }
        }
    }

    private AdminApi.Reply accountRename(Member m, String label) {
        try {
            return AdminApi.put(realm.getBaseUrl() + "/account/credentials/" + m.phone().credentialId() + "/label", m.token(),
                    JsonSerialization.writeValueAsString(label));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The member's device as the admin API shows it (read from the database). */
    private JsonNode device(Member m) {
        return api.device(m.phone().userId(), m.phone().credentialId(), api.masterAdminToken());
    }

    /** The device labels the code prompt offers to choose from (a user with several devices). */
    private List<String> promptLabels(String username) {
        Browser.Page page = DemoRealm.prompt(realm.admin(), username).page();
        Matcher labels = Pattern.compile("for=\"totp-guard-device-[0-9]+\">(.*?)</label>", Pattern.DOTALL).matcher(page.body());
        List<String> shown = new ArrayList<>();
        while (labels.find()) {
            shown.add(unescape(labels.group(1)));
        }
        return shown;
    }

    private static String unescape(String html) {
        return html.strip().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
