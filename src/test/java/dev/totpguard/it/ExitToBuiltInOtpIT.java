package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The way out: a phone enrolled with totp-guard is exported to a Keycloak built-in OTP credential, the realm's browser
 * flow goes back to Keycloak's own OTP form, our device is removed, and the same phone signs in. The codes up to the
 * last one totp-guard accepted stay used for the built-in check.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ExitToBuiltInOtpIT {

    private static final String BUILT_IN_FLOW = "built-in otp browser";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void anEnrolledPhoneSignsInThroughKeycloaksOtpFormAfterTheExport() {
        AdminApi api = new AdminApi(realm.getName());
        String staff = AdminApi.staffToken(realm, "staff", "view-users", "manage-users");
        String viewer = AdminApi.staffToken(realm, "viewer", "view-users");
        assertEquals(1, realm.admin().toRepresentation().getOtpPolicyLookAheadWindow(), "the realm's look around window");

        Codes.awayFromStepBoundary(0);
        TotpDevice phone = DemoRealm.enrolledAdmin(realm.admin(), "exit");
        String user = phone.username();
        String userId = DemoRealm.userId(realm.admin(), user);
        String deviceId = DemoRealm.devices(realm.admin(), user).get(0).getId();
        long last = phone.enrollmentStep(); // the enrollment code's step is the device's last accepted one
        List<String> secrets = List.of(phone.base32());

        // a dry run changes nothing and says what would happen
        long before = Codes.currentStep(30);
        AdminApi.Reply dry = api.call("POST", "export-to-otp", staff, "{\"dryRun\":true,\"userId\":\"" + userId + "\"}");
        long after = Codes.currentStep(30);
        assertEquals(200, dry.status(), dry::toString);
        JsonNode planned = device(dry.json(), deviceId);
        assertEquals(1, dry.json().get("exported").asInt(), dry::body);
        assertFalse(planned.hasNonNull("otpCredentialId"), () -> "no built-in credential yet: " + dry.body());
        // the steps from the oldest the built-in window (±1) accepts to the last accepted one: 2 unless a step just began
        int marked = planned.get("stepsMarkedUsed").asInt();
        assertTrue(marked >= last - after + 2 && marked <= last - before + 2, dry::body);
        assertTrue(dry.json().get("warnings").get(0).asText().contains("plaintext"), dry::body);
        assertEquals(List.of(), BuiltInOtp.credentials(realm.admin(), user), "a dry run stores nothing");

        // bad input, a removal while our flows still ask for the code, a caller without manage rights: nothing changes
        AdminApi.Reply noDryRun = api.call("POST", "export-to-otp", staff, "{\"userId\":\"" + userId + "\"}");
        assertEquals(400, noDryRun.status(), noDryRun::toString);
        assertTrue(noDryRun.json().get("errorMessage").asText().startsWith("dryRun is required"), noDryRun::body);
        AdminApi.Reply unknown = api.call("POST", "export-to-otp", staff, "{\"dryRun\":false,\"userId\":\"nobody\"}");
        assertEquals(404, unknown.status(), unknown::toString);
        AdminApi.Reply viewed = api.call("POST", "export-to-otp", viewer, "{\"dryRun\":false}");
        assertEquals(403, viewed.status(), viewed::toString);
        AdminApi.Reply tooEarly = api.call("POST", "export-to-otp", staff,
                "{\"dryRun\":false,\"userId\":\"" + userId + "\",\"removeTotpGuard\":true}");
        assertEquals(409, tooEarly.status(), tooEarly::toString);
        assertTrue(PostureApi.wayNames(tooEarly.json().get("waysStillChecking")).contains("browser"), tooEarly::body);
        assertEquals(List.of(), BuiltInOtp.credentials(realm.admin(), user), "nothing stored by a refused request");
        assertEquals(1, DemoRealm.devices(realm.admin(), user).size(), "nothing removed by a refused request");

        // the export: a built-in credential with the same seed and label; our device stays while our flows need it
        AdminApi.Reply run = api.call("POST", "export-to-otp", staff, "{\"dryRun\":false,\"userId\":\"" + userId + "\"}");
        assertEquals(200, run.status(), run::toString);
        AdminApi.assertNoSecret("export report", run.body(), secrets);
        String otpId = device(run.json(), deviceId).get("otpCredentialId").asText();
        CredentialRepresentation otp = BuiltInOtp.credentials(realm.admin(), user).get(0);
        assertEquals(otpId, otp.getId());
        assertEquals("phone", otp.getUserLabel());
        assertTrue(otp.getCredentialData().contains("\"secretEncoding\":\"BASE32\""), otp::getCredentialData);
        assertEquals(1, DemoRealm.devices(realm.admin(), user).size(), "our device is kept");
        AdminEventRepresentation event = exportEvents(userId).get(0);
        JsonNode representation = AdminApi.representation(event);
        assertEquals("export-to-otp", representation.get("action").asText());
        assertEquals(deviceId, representation.get("exported").get(0).get("credentialId").asText());
        assertEquals(otpId, representation.get("exported").get(0).get("otpCredentialId").asText());
        assertFalse(representation.get("totpGuardRemoved").asBoolean());
        AdminApi.assertNoSecret("admin event", event.getRepresentation(), secrets);

        AdminApi.Reply again = api.call("POST", "export-to-otp", staff, "{\"dryRun\":false,\"userId\":\"" + userId + "\"}");
        assertEquals(200, again.status(), again::toString);
        assertEquals(0, again.json().get("exported").asInt(), again::body);
        assertEquals(1, again.json().get("alreadyExported").asInt(), again::body);
        assertEquals(1, BuiltInOtp.credentials(realm.admin(), user).size(), "running it again creates nothing twice");

        // our flows out: the realm's browser flow is Keycloak's username/password form and OTP form
        Flows flows = new Flows(realm.admin());
        flows.top(BUILT_IN_FLOW);
        flows.step(BUILT_IN_FLOW, "auth-username-password-form", "REQUIRED");
        flows.step(BUILT_IN_FLOW, "auth-otp-form", "REQUIRED");
        flows.bindBrowser(BUILT_IN_FLOW);

        // the enrollment code (the last step totp-guard accepted) and the step before are used for the built-in check too.
        // Realm brute-force detection off: two quick failures would start Keycloak's quick-login wait, not a refusal of ours
        DemoRealm.bruteForceDetection(realm.admin(), false);
        Browser browser = new Browser(TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName());
        Browser.Page first = DemoRealm.password(browser, user);
        assertTrue(isBuiltInOtpForm(first), () -> "Keycloak's OTP form, got " + first.title());
        Browser.Page prompt = first;
        for (long step : new long[] {last, last - 1}) {
            Browser.Page refused = browser.submit(prompt, Map.of("otp", Codes.sha1(phone.secret(), step)));
            assertTrue(isBuiltInOtpForm(refused) && refused.body().contains("Invalid authenticator code"),
                    () -> "step " + (step - last) + " from the last accepted one is refused, got " + refused.title());
            prompt = refused;
        }
        assertTrue(Codes.currentStep(30) <= last + 1,
                "the built-in window (±1) still held those steps when they were refused: otherwise the test proves nothing");

        // our device removed, now that no flow of the user's ways in needs it... except those the demo realm still binds
        AdminApi.Reply blocked = api.call("POST", "export-to-otp", staff,
                "{\"dryRun\":false,\"userId\":\"" + userId + "\",\"removeTotpGuard\":true}");
        assertEquals(409, blocked.status(), blocked::toString);
        assertFalse(PostureApi.wayNames(blocked.json().get("waysStillChecking")).contains("browser"), () -> "the browser flow no longer runs our step: " + blocked);
        assertTrue(PostureApi.wayNames(blocked.json().get("waysStillChecking")).contains("direct-grant"), blocked::body);
        AdminApi.Reply removed = api.call("POST", "export-to-otp", staff,
                "{\"dryRun\":false,\"userId\":\"" + userId + "\",\"removeTotpGuard\":true,\"force\":true}");
        assertEquals(200, removed.status(), removed::toString);
        assertEquals(1, removed.json().get("removed").asInt(), removed::body);
        assertEquals(List.of(), DemoRealm.devices(realm.admin(), user), "our device is gone");
        List<AdminEventRepresentation> events = exportEvents(userId);
        assertEquals(3, events.size(), "one event per real run: export, export again, removal");
        assertTrue(AdminApi.representation(events.get(2)).get("totpGuardRemoved").asBoolean());

        // the same phone signs in through Keycloak's OTP form with its next code
        Browser.Page signedIn = browser.submit(prompt, Map.of("otp", Codes.sha1(phone.secret(), last + 1)));
        assertTrue(signedIn.isRedirectToClient(), () -> "the next code signs in, got " + signedIn.title());
        DemoRealm.assertNowhere(secrets, DemoRealm.events(realm.admin(), user));
    }

    private static boolean isBuiltInOtpForm(Browser.Page page) {
        return page.status() == 200 && page.body().contains("id=\"kc-otp-login-form\"");
    }

    private static JsonNode device(JsonNode report, String deviceId) {
        JsonNode device = AdminApi.find(report.get("devices"), "deviceId", deviceId)
                .orElseThrow(() -> new AssertionError("device " + deviceId + " not in the report: " + report));
        assertEquals(deviceId, device.get("credentialId").asText(), "the name before 0.2.0 is still served");
        return device;
    }

    /** The user's export admin events, oldest first. */
    private List<AdminEventRepresentation> exportEvents(String userId) {
        List<AdminEventRepresentation> events = new java.util.ArrayList<>(AdminApi.adminEvents(realm.admin(), userId).stream()
                .filter(e -> e.getResourcePath().endsWith("/totp-guard/export-to-otp")).toList());
        java.util.Collections.reverse(events);
        assertFalse(events.isEmpty(), "an export admin event of the user");
        events.forEach(e -> {
            assertEquals("ACTION", e.getOperationType());
            assertEquals("USER", e.getResourceType());
        });
        return events;
    }
}
