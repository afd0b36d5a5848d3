package dev.totpguard.it;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ConfigPropertyRepresentation;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The required action's and the authenticator's configuration as realm admins set them (the Admin Console calls the
 * same admin REST endpoints): help texts and safe defaults, bad values refused with a message naming the setting,
 * and existing devices unaffected by a change.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ConfigIT {

    static final String ENROLL = RequiredActions.ENROLL;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void adminConsoleShowsEverySettingWithHelpAndSafeDefaults() {
        AuthenticationManagementResource flows = realm.admin().flows();
        Map<String, ConfigPropertyRepresentation> enroll = flows.getRequiredActionConfigDescription(ENROLL).getProperties()
                .stream().collect(Collectors.toMap(ConfigPropertyRepresentation::getName, p -> p));
        assertEquals("SHA1", enroll.get("totp-guard.algorithm").getDefaultValue());
        assertEquals(List.of("SHA1", "SHA256", "SHA512"), enroll.get("totp-guard.algorithm").getOptions());
        assertEquals("6", enroll.get("totp-guard.digits").getDefaultValue());
        assertEquals("30", enroll.get("totp-guard.period").getDefaultValue());
        assertEquals("false", enroll.get("totp-guard.label-required").getDefaultValue());
        assertEquals("5", enroll.get("totp-guard.max-devices").getDefaultValue());
        for (String key : List.of("totp-guard.algorithm", "totp-guard.digits", "totp-guard.period", "totp-guard.issuer",
                "totp-guard.label-required", "totp-guard.max-devices")) {
            assertNotNull(enroll.get(key), key);
            assertFalse(enroll.get(key).getHelpText() == null || enroll.get(key).getHelpText().isBlank(), key);
            assertFalse(enroll.get(key).getLabel() == null || enroll.get(key).getLabel().isBlank(), key);
        }

        Map<String, ConfigPropertyRepresentation> login = flows.getAuthenticatorConfigDescription("totp-guard-form").getProperties()
                .stream().collect(Collectors.toMap(ConfigPropertyRepresentation::getName, p -> p));
        assertEquals("1", login.get("totp-guard.window").getDefaultValue());
        assertEquals("none", login.get("totp-guard.loa").getDefaultValue());
        assertEquals(List.of("none", "1", "2", "3", "4", "5", "6", "7", "8", "9"), login.get("totp-guard.loa").getOptions(),
                "the Admin Console offers only valid levels");
        assertTrue(login.values().stream().allMatch(p -> p.getHelpText() != null && !p.getHelpText().isBlank()));
    }

    @Test
    void requiredActionConfigRefusesBadValuesNamingTheSetting() {
        AuthenticationManagementResource flows = realm.admin().flows();
        Map<String, String> before = flows.getRequiredActionConfig(ENROLL).getConfig();
        Map<String, String> expected = Map.of(
                "totp-guard.algorithm", "MD5",
                "totp-guard.digits", "9",
                "totp-guard.period", "5",
                "totp-guard.issuer", "x".repeat(101),
                "totp-guard.label-required", "maybe",
                "totp-guard.max-devices", "0");
        for (Map.Entry<String, String> bad : expected.entrySet()) {
            RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
            rep.setConfig(Map.of(bad.getKey(), bad.getValue()));
            BadRequestException e = assertThrows(BadRequestException.class, () -> flows.updateRequiredActionConfig(ENROLL, rep),
                    () -> bad.getKey() + " = " + bad.getValue() + " must be refused");
            ErrorRepresentation error = e.getResponse().readEntity(ErrorRepresentation.class);
            assertEquals(bad.getKey(), error.getField());
            assertNotNull(error.getErrorMessage());
            assertFalse(Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(bad.getValue()) + "(?![0-9A-Za-z])")
                    .matcher(error.getErrorMessage()).find(), "the message does not echo the value");
        }
        RequiredActionConfigRepresentation digits = new RequiredActionConfigRepresentation();
        digits.setConfig(Map.of("totp-guard.digits", "5"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> flows.updateRequiredActionConfig(ENROLL, digits));
        assertEquals("Digits must be 6, 7 or 8.", e.getResponse().readEntity(ErrorRepresentation.class).getErrorMessage());
        assertEquals(before, flows.getRequiredActionConfig(ENROLL).getConfig(), "nothing was stored");
    }

    @Test
    void devicesKeepTheirParametersWhenTheConfigChanges() {
        // an admin enrolls with the defaults: SHA1, 6 digits, 30 s
        String admin = DemoRealm.createUser(realm.admin(), "admin-cfg", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, admin);
        String firstUri = DemoRealm.otpauthUri(enrollment);
        assertEquals("SHA1", DemoRealm.queryParam(firstUri, "algorithm"));
        TotpDevice phone = TotpDevice.fromOtpauthUri(firstUri);
        assertTrue(browser.submit(enrollment, Map.of("otp", phone.nextCode(), "userLabel", "phone")).isRedirectToClient());

        // the realm admin switches new devices to SHA256 / 8 digits / 60 s, names required, at most 2 devices
        DemoRealm.setEnrollConfig(realm, Map.of("totp-guard.algorithm", "SHA256", "totp-guard.digits", "8", "totp-guard.period", "60",
                "totp-guard.issuer", "ACME SSO", "totp-guard.label-required", "true", "totp-guard.max-devices", "2"));

        // the enrolled phone still signs in with its own 6-digit SHA1 codes
        Browser next = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(next, admin);
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        assertTrue(prompt.body().contains("maxlength=\"6\""), "the prompt follows the device's digits");
        Browser.Page signedIn = next.submit(prompt, Map.of("otp", phone.nextCode()));
        assertTrue(signedIn.isRedirectToClient(), () -> "the old device still works, got " + signedIn);

        // a second device gets the new parameters, and needs a name
        Browser.Page second = next.openLogin("kc_action", ENROLL);
        assertTrue(second.isEnrollment(), () -> "expected the enrollment page, got " + second);
        String secondUri = DemoRealm.otpauthUri(second);
        assertEquals("SHA256", DemoRealm.queryParam(secondUri, "algorithm"));
        assertEquals("8", DemoRealm.queryParam(secondUri, "digits"));
        assertEquals("60", DemoRealm.queryParam(secondUri, "period"));
        assertEquals("ACME SSO", DemoRealm.queryParam(secondUri, "issuer"));
        TotpDevice tablet = TotpDevice.fromOtpauthUri(secondUri);
        Browser.Page stored = next.submit(second, Map.of("otp", tablet.nextCode(), "userLabel", "tablet"));
        assertTrue(stored.isRedirectToClient(), () -> "expected the redirect, got " + stored);
        List<String> labels = DemoRealm.devices(realm.admin(), admin).stream().map(c -> c.getUserLabel()).sorted().toList();
        assertEquals(List.of("phone", "tablet"), labels);

        // both sign in, each with its own parameters
        Browser third = new Browser(realm.getBaseUrl());
        Browser.Page choice = DemoRealm.password(third, admin);
        String tabletId = DemoRealm.devices(realm.admin(), admin).stream().filter(c -> "tablet".equals(c.getUserLabel()))
                .findFirst().orElseThrow().getId();
        Browser.Page withTablet = third.submit(choice, Map.of("selectedCredentialId", tabletId, "otp", tablet.nextCode()));
        assertTrue(withTablet.isRedirectToClient(), () -> "the new device signs in with 8-digit SHA256 codes, got " + withTablet);

        // at the limit of 2, asking for a third device says so and offers only the way back
        Browser.Page limit = third.openLogin("kc_action", ENROLL);
        assertFalse(limit.isEnrollment(), () -> "no enrollment at the limit, got " + limit);
        assertTrue(limit.body().contains("You already have 2 authenticator devices"), limit::body);
        assertFalse(limit.body().contains("totp-guard-qr"), "no QR code, no secret");
        Browser.Page back = third.submitRaw(limit, "cancel-aia=true");
        assertTrue(back.isRedirectToClient() && back.location().contains("kc_action_status=cancelled"),
                () -> "cancel returns to the application, got " + back);
        assertEquals(2, DemoRealm.devices(realm.admin(), admin).size());
    }

    @Test
    void deviceNameRequiredByConfigEvenForTheFirstDevice() {
        DemoRealm.setEnrollConfig(realm, Map.of("totp-guard.label-required", "true"));
        DemoRealm.SignedIn signedIn = DemoRealm.passwordOnly(realm, "member-cfg");
        String member = signedIn.username();
        Browser browser = signedIn.browser();
        Browser.Page enrollment = browser.openLogin("kc_action", ENROLL);
        assertTrue(enrollment.body().matches("(?s).*<input id=\"userLabel\"[^>]*required.*"), "the field is marked required");
        TotpDevice device = TotpDevice.fromEnrollmentPage(enrollment);
        Browser.Page refused = browser.submit(enrollment, Map.of("otp", device.nextCode(), "userLabel", " "));
        assertTrue(refused.isEnrollment(), () -> "expected the enrollment page again, got " + refused);
        assertEquals("Give this device a name.",
                refused.find("id=\"input-error-userLabel\"[^>]*>\\s*(.*?)\\s*</span>").orElse(null));
        assertTrue(refused.body().matches("(?s).*aria-describedby=\"totp-guard-label-hint input-error-userLabel\".*"),
                "the error is tied to the field");
        assertTrue(DemoRealm.devices(realm.admin(), member).isEmpty(), "nothing stored");
        Browser.Page done = browser.submit(refused, Map.of("otp", device.nextCode(), "userLabel", "phone"));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
    }

    @Test
    void badAuthenticatorConfigFailsClosedInsteadOfFallingBackToLooserDefaults() {
        // Keycloak 26.7 gives authenticator factories no validation hook: the admin API stores any value
        AuthenticatorConfigRepresentation original = Flows.setFormConfig(realm, "totp-guard for admins",
                Map.of("totp-guard.window", "99", "totp-guard.loa", "2"));
        assertEquals(Map.of("totp-guard.window", "1", "totp-guard.loa", "2"), original.getConfig(),
                "the demo's admins' config: the bad window is all that changes");

        String admin = DemoRealm.createUser(realm.admin(), "admin-fallback", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, admin);
        TotpDevice device = TotpDevice.fromEnrollmentPage(enrollment);
        assertTrue(browser.submit(enrollment, Map.of("otp", device.nextCode(), "userLabel", "phone")).isRedirectToClient());

        Browser next = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(next, admin);
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        Browser.Page refused = next.submit(prompt, Map.of("otp", device.nextCode()));
        assertTrue(refused.isCodePrompt() && refused.codeError().orElse("").contains("cannot be checked"),
                () -> "the execution with the invalid config refuses the right code, got " + refused);
        assertTrue(DemoRealm.events(realm.admin(), admin, "LOGIN_ERROR").stream()
                .anyMatch(e -> "config_invalid".equals(e.getDetails().get("reason"))), "reason=config_invalid");
    }
}
