package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The product end to end in the real Keycloak distribution: enroll with a QR code, sign in with codes. */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class EnrollAndSignInIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void carolEnrollsByQrCodeThenSignsInWithCodes() {
        List<String> secrets = new ArrayList<>();

        // first sign-in: password, then the enrollment page (carol has realm role admin and no device)
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, "carol");
        assertTrue(enrollment.isEnrollment(), () -> "expected the enrollment page, got " + enrollment);
        assertTrue(enrollment.header("Cache-Control").contains("no-store"), "a page with a secret is not cacheable");
        assertFalse(enrollment.body().matches("(?s).*<input[^>]*type=\"hidden\"[^>]*name=\"[^\"]*[Ss]ecret.*"),
                "the secret is never in a form field");

        // the QR code scans into the otpauth URI an authenticator app needs
        String uri = DemoRealm.otpauthUri(enrollment);
        assertTrue(uri.startsWith("otpauth://totp/TOTP%20Guard%20demo:carol?"), uri);
        assertEquals("TOTP Guard demo", DemoRealm.queryParam(uri, "issuer"));
        assertEquals("SHA1", DemoRealm.queryParam(uri, "algorithm"));
        assertEquals("6", DemoRealm.queryParam(uri, "digits"));
        assertEquals("30", DemoRealm.queryParam(uri, "period"));
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        assertEquals(20, secret.length, "160-bit secret");
        String key = DemoRealm.shownKey(enrollment);
        secrets.add(key);
        secrets.add(HexFormat.of().formatHex(secret));

        // a wrong code stores nothing and shows the same QR code with an error
        long step = Codes.currentStep(30);
        String wrong = Codes.wrong(secret, step);
        Browser.Page retry = browser.submit(enrollment, Map.of("otp", wrong, "userLabel", "phone"));
        assertTrue(retry.isEnrollment(), () -> "expected the enrollment page again, got " + retry);
        assertTrue(retry.codeError().isPresent(), "the code field shows an error");
        assertEquals(key, DemoRealm.shownKey(retry), "the same key across re-renders");
        assertTrue(DemoRealm.devices(realm.admin(), "carol").isEmpty(), "nothing stored after a wrong code");

        // the right code enrolls the device and finishes the login with an authorization code
        String enrollmentCode = Codes.sha1(secret, step);
        secrets.add(enrollmentCode);
        Browser.Page done = browser.submit(retry, Map.of("otp", enrollmentCode, "userLabel", "phone"));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect to demo-app, got " + done);
        assertNotNull(browser.exchange(done).get("access_token"));
        List<CredentialRepresentation> devices = DemoRealm.devices(realm.admin(), "carol");
        assertEquals(1, devices.size());
        assertEquals("phone", devices.get(0).getUserLabel());

        // next sign-in asks for a code; a correct one (next step: the enrollment step is used) gets tokens
        Browser second = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(second, "carol");
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        assertTrue(prompt.body().contains("autocomplete=\"one-time-code\""));
        assertTrue(prompt.body().contains("inputmode=\"numeric\""));
        String wrongAtLogin = Codes.wrong(secret, step + 1);
        Browser.Page refused = second.submit(prompt, Map.of("otp", wrongAtLogin));
        assertTrue(refused.isCodePrompt(), () -> "a wrong code is refused, got " + refused);
        String genericError = refused.codeError().orElseThrow(() -> new AssertionError("no error shown"));
        String nextCode = Codes.sha1(secret, step + 1);
        secrets.add(nextCode);
        Browser.Page signedIn = second.submit(refused, Map.of("otp", nextCode));
        assertTrue(signedIn.isRedirectToClient(), () -> "a correct code signs in, got " + signedIn);
        JsonNode tokens = second.exchange(signedIn);
        assertNotNull(tokens.get("id_token"));

        // the same code in a new login is refused with the same message as a wrong code
        Browser third = new Browser(realm.getBaseUrl());
        Browser.Page again = DemoRealm.password(third, "carol");
        Browser.Page replayed = third.submit(again, Map.of("otp", nextCode));
        assertTrue(replayed.isCodePrompt(), () -> "a reused code is refused, got " + replayed);
        assertEquals(genericError, replayed.codeError().orElse(null), "replay looks like any wrong code");

        // audit: enrollment event with the credential type; failures with reasons; no secret anywhere
        List<EventRepresentation> enrolled = DemoRealm.events(realm.admin(), "carol", "UPDATE_CREDENTIAL");
        assertEquals(1, enrolled.size());
        assertEquals("totp-guard", enrolled.get(0).getDetails().get("credential_type"));
        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), "carol", "LOGIN_ERROR", "UPDATE_CREDENTIAL_ERROR");
        assertTrue(errors.stream().anyMatch(e -> "replayed".equals(e.getDetails().get("reason"))), "replay reason recorded");
        assertTrue(errors.stream().anyMatch(e -> "invalid".equals(e.getDetails().get("reason"))), "invalid reason recorded");
        List<EventRepresentation> all = DemoRealm.events(realm.admin(), "carol");
        secrets.add(wrong);
        secrets.add(wrongAtLogin);
        DemoRealm.assertNowhere(secrets, all);
    }

    @Test
    void aliceWithoutDeviceSignsInWithPasswordOnly() {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page page = DemoRealm.password(browser, "alice");
        assertTrue(page.isRedirectToClient(), () -> "alice needs no second factor, got " + page);
        assertNotNull(browser.exchange(page).get("access_token"));
    }

    @Test
    void enrollmentCodeCannotSignInAgain() {
        String user = DemoRealm.createUser(realm.admin(), "admin-r4", true);
        Browser browser = new Browser(realm.getBaseUrl());
        TotpDevice device = TotpDevice.enroll(browser, DemoRealm.password(browser, user), user, "phone");

        Browser next = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(next, user);
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        Browser.Page refused = next.submit(prompt, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep())));
        assertTrue(refused.isCodePrompt(), () -> "the enrollment code is used, got " + refused);
    }

    @Test
    void userWithDeviceButNoAdminRoleIsAskedForCode() {
        DemoRealm.SignedIn first = DemoRealm.passwordOnly(realm, "member");
        String user = first.username();
        Browser browser = first.browser();

        // the user adds a device on their own (application-initiated action, as the Account Console does)
        Browser.Page enrollment = browser.openLogin("kc_action", "totp-guard-enroll");
        TotpDevice device = TotpDevice.enroll(browser, enrollment, user, "tablet");

        Browser next = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(next, user);
        assertTrue(prompt.isCodePrompt(), () -> "a user with a device passes TOTP, got " + prompt);
        Browser.Page done = next.submit(prompt, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
    }
}
