package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Account Console shows and does with totp-guard devices (through the account REST API and the
 * application-initiated actions it uses), and the user events every user-side outcome leaves.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class AccountAndUserEventsIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void accountConsoleListsDevicesOffersSetUpAndRemovalEmitsRemoveCredential() {
        DemoRealm.SignedIn signedIn = DemoRealm.passwordOnly(realm, "account");
        String user = signedIn.username();
        Browser browser = signedIn.browser();
        String token = signedIn.tokens().get("access_token").asText();

        // listed under two-factor with a set-up action and removable, even before the first device
        JsonNode type = totpGuardType(token);
        assertEquals("two-factor", type.get("category").asText());
        assertEquals("totpGuardDisplayName", type.get("displayName").asText());
        assertEquals("totpGuardHelpText", type.get("helptext").asText());
        assertEquals("totp-guard-enroll", type.get("createAction").asText(), "Set up starts our enrollment");
        assertTrue(type.get("removeable").asBoolean());
        assertEquals(0, type.get("userCredentialMetadatas").size());

        // the console translates those keys with the account theme's messages, which include ours (jar theme resources)
        for (String[] locale : List.of(new String[]{"en", "Authenticator application (TOTP)"}, new String[]{"de", null})) {
            AdminApi.Reply messages = AdminApi.get(TotpGuardServerConfig.BASE_URL + "/resources/" + realm.getName()
                    + "/account/" + locale[0], null);
            assertEquals(200, messages.status(), messages::toString);
            String display = null;
            String help = null;
            for (JsonNode entry : messages.json()) {
                if ("totpGuardDisplayName".equals(entry.get("key").asText())) {
                    display = entry.get("value").asText();
                }
                if ("totpGuardHelpText".equals(entry.get("key").asText())) {
                    help = entry.get("value").asText();
                }
            }
            assertNotNull(display, locale[0] + ": display name resolves in the account theme");
            assertNotNull(help, locale[0] + ": help text resolves in the account theme");
            if (locale[1] != null) {
                assertEquals(locale[1], display);
            }
        }

        // "Set up": the console sends the user to kc_action=totp-guard-enroll
        TotpDevice device = TotpDevice.enroll(browser, browser.openLogin("kc_action", type.get("createAction").asText()), user, "tablet");
        JsonNode listed = totpGuardType(token).get("userCredentialMetadatas");
        assertEquals(1, listed.size());
        JsonNode credential = listed.get(0).get("credential");
        String credentialId = credential.get("id").asText();
        assertEquals("tablet", credential.get("userLabel").asText());
        assertTrue(credential.get("createdDate").asLong() > 0);
        assertNull(credential.get("secretData"), "no secret data in the account API");
        List<String> secrets = device.seedEncodings();
        AdminApi.assertNoSecret("account credentials", AdminApi.get(credentialsUrl(), token).body(), secrets);

        // "Remove": the console sends the user to kc_action=delete_credential:{id}, which asks for confirmation
        Browser.Page confirm = browser.openLogin("kc_action", "delete_credential:" + credentialId);
        assertTrue(confirm.body().contains("kc-accept"), () -> "expected the delete confirmation, got " + confirm);
        Browser.Page done = browser.submit(confirm, Map.of("accept", ""));
        assertTrue(done.isRedirectToClient(), () -> "back to the application, got " + done);
        assertTrue(DemoRealm.devices(realm.admin(), user).isEmpty(), "the device is gone");
        assertEquals(0, totpGuardType(token).get("userCredentialMetadatas").size());

        List<EventRepresentation> removed = DemoRealm.events(realm.admin(), user, "REMOVE_CREDENTIAL");
        assertEquals(1, removed.size(), "one REMOVE_CREDENTIAL event");
        Map<String, String> details = removed.get(0).getDetails();
        assertEquals("totp-guard", details.get("credential_type"));
        assertEquals(credentialId, details.get("credential_id"));
        assertEquals("tablet", details.get("credential_user_label"));
        assertTrue(DemoRealm.events(realm.admin(), user, "REMOVE_TOTP").isEmpty(), "no deprecated TOTP event");
        DemoRealm.assertNowhere(secrets, DemoRealm.events(realm.admin(), user));
    }

    @Test
    void everyUserSideOutcomeLeavesAnEventWithCredentialDetailsAndReasonButNoCodeOrSeed() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            List<String> secrets = new ArrayList<>();
            String user = DemoRealm.createUser(realm.admin(), "events", true);
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page enrollment = DemoRealm.password(browser, user);
            byte[] secret = DemoRealm.secretOfQr(enrollment);
            secrets.add(DemoRealm.shownKey(enrollment));
            secrets.add(HexFormat.of().formatHex(secret));
            long step = Codes.currentStep(30);

            // enrollment failed, then completed
            String wrongEnrollment = Codes.wrong(secret, step);
            secrets.add(wrongEnrollment);
            Browser.Page retry = browser.submit(enrollment, Map.of("otp", wrongEnrollment, "userLabel", "phone"));
            String enrollmentCode = Codes.sha1(secret, step);
            secrets.add(enrollmentCode);
            assertTrue(browser.submit(retry, Map.of("otp", enrollmentCode, "userLabel", "phone")).isRedirectToClient());
            String credentialId = DemoRealm.devices(realm.admin(), user).get(0).getId();

            EventRepresentation enrollFailed = DemoRealm.onlyEvent(realm.admin(), user, "UPDATE_CREDENTIAL_ERROR");
            assertEquals("totp-guard", enrollFailed.getDetails().get("credential_type"));
            assertEquals("invalid", enrollFailed.getDetails().get("reason"));
            EventRepresentation enrolled = DemoRealm.onlyEvent(realm.admin(), user, "UPDATE_CREDENTIAL");
            assertEquals("totp-guard", enrolled.getDetails().get("credential_type"));
            assertEquals(credentialId, enrolled.getDetails().get("credential_id"));
            assertEquals("phone", enrolled.getDetails().get("credential_user_label"));

            // sign-in: malformed, wrong, right; then the right code replayed
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), user);
            Browser.Page page = prompt.browser().submit(prompt.page(), Map.of("otp", "12a456"));
            String wrong = Codes.wrong(secret, step + 1);
            secrets.add(wrong);
            page = prompt.browser().submit(page, Map.of("otp", wrong));
            String code = Codes.sha1(secret, step + 1);
            secrets.add(code);
            assertTrue(prompt.browser().submit(page, Map.of("otp", code)).isRedirectToClient());
            assertTrue(DemoRealm.prompt(realm.admin(), user).submit(code).isCodePrompt());

            List<EventRepresentation> errors = DemoRealm.events(realm.admin(), user, "LOGIN_ERROR");
            List<String> reasons = errors.stream().map(e -> e.getDetails().get("reason")).toList();
            assertTrue(reasons.containsAll(List.of("malformed", "invalid", "replayed")), reasons::toString);
            for (EventRepresentation error : errors) {
                Map<String, String> d = error.getDetails();
                assertEquals("totp-guard", d.get("credential_type"));
                assertEquals(credentialId, d.get("credential_id"));
                assertEquals(credentialId, d.get("selected_credential_id"));
                assertEquals("phone", d.get("credential_user_label"));
                assertNotNull(d.get("consecutive_failures"));
            }
            EventRepresentation login = DemoRealm.events(realm.admin(), user, "LOGIN").stream()
                    .filter(e -> credentialId.equals(e.getDetails().get("credential_id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no LOGIN event naming the device"));
            assertEquals("totp-guard", login.getDetails().get("credential_type"));
            assertEquals("phone", login.getDetails().get("credential_user_label"));
            assertNotNull(login.getDetails().get("totp_skew"));

            DemoRealm.assertNowhere(secrets, DemoRealm.events(realm.admin(), user));
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    private String credentialsUrl() {
        return TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName() + "/account/credentials";
    }

    private JsonNode totpGuardType(String token) {
        AdminApi.Reply reply = AdminApi.get(credentialsUrl(), token);
        assertEquals(200, reply.status(), reply::toString);
        return AdminApi.find(reply.json(), "type", "totp-guard")
                .orElseThrow(() -> new AssertionError("totp-guard is not listed in the account console: " + reply.body()));
    }
}
