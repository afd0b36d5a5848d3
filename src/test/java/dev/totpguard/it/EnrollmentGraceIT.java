package dev.totpguard.it;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roll-out with a grace period: the demo realm demands a device from admins; with "Postpone: times" set, an admin
 * without a device may choose "Later" that many times (signed in at level 1, silver), then must enroll. Never on a
 * step-up. Each postponement is an event and a metric; the summary counts who is still to enroll.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class EnrollmentGraceIT {

    static final String FORM = "kc-totp-guard-enroll-form";
    static final String METRIC = "totp_guard_enrollments_postponed_total";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    private AdminApi api;
    private String staff;

    @BeforeEach
    void staff() {
        api = new AdminApi(realm.getName());
        staff = AdminApi.staffToken(realm, "rollout", "view-users");
    }

    @Test
    void laterTwiceThenMandatory() {
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-skips", "2");
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-until", "");
        String admin = DemoRealm.createUser(realm.admin(), "rollout-admin", true);
        double before = Scrape.now().sum(METRIC, "realm", realm.getName());
        long postponedBefore = toEnroll().get("postponed").asLong();

        for (int time = 1; time <= 2; time++) {
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page enrollment = DemoRealm.password(browser, admin);
            assertTrue(enrollment.isEnrollment(), () -> "an admin without a device is sent to enrollment, got " + enrollment);
            String help = enrollment.find("id=\"totp-guard-postpone-help\"[^>]*>(.*?)</p>").orElseThrow(
                    () -> new AssertionError("'Later' is offered"));
            assertTrue(help.contains(Integer.toString(3 - time)), help);
            Browser.Page later = browser.submitForm(enrollment, FORM, Map.of("postpone", "true"));
            assertTrue(later.isRedirectToClient(), () -> "'Later' continues the sign-in, got " + later);
            assertEquals("silver", browser.acr(later),
                    "a postponed enrollment signs in at level 1");
        }
        assertEquals(postponedBefore + 1, toEnroll().get("postponed").asLong(), "the summary counts the user");
        EventRepresentation last = DemoRealm.events(realm.admin(), admin, "CUSTOM_REQUIRED_ACTION").stream()
                .filter(e -> "2".equals(e.getDetails().get("totp_postponed"))).findFirst()
                .orElseThrow(() -> new AssertionError("an event for each postponement"));
        assertEquals("0", last.getDetails().get("totp_postpones_left"));
        assertEquals("totp-guard-enroll", last.getDetails().get("custom_required_action"));
        assertEquals(2, Scrape.now().sum(METRIC, "realm", realm.getName()) - before, 1e-9);

        // the third time: no "Later", and sending it by hand does not sign in
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, admin);
        assertFalse(enrollment.body().contains("id=\"totp-guard-postpone\""), "no 'Later' once the times are used");
        Browser.Page refused = browser.submitForm(enrollment, FORM, Map.of("postpone", "true"));
        assertTrue(refused.isEnrollment(), () -> "still the enrollment page, got " + refused);
        assertFalse(refused.isRedirectToClient());
        TotpDevice.enroll(browser, refused, admin, "phone");
        assertEquals(postponedBefore, toEnroll().get("postponed").asLong(), "enrolled: no longer counted");
    }

    @Test
    void neverOnAStepUpAndNeverAfterTheDate() {
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-skips", "5");
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-until", "");
        String member = DemoRealm.createUser(realm.admin(), "rollout-member", false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page gold = browser.openLogin("acr_values", "gold");
        Browser.Page enrollment = browser.submitPassword(gold, member);
        assertTrue(enrollment.isEnrollment(), () -> "a step-up without a device enrolls, got " + enrollment);
        assertFalse(enrollment.body().contains("id=\"totp-guard-postpone\""), "no 'Later' when gold was asked for");
        Browser.Page refused = browser.submitForm(enrollment, FORM, Map.of("postpone", "true"));
        assertTrue(refused.isEnrollment(), () -> "'Later' by hand on a step-up does not sign in, got " + refused);

        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-until", yesterday);
        String admin = DemoRealm.createUser(realm.admin(), "rollout-late", true);
        Browser late = new Browser(realm.getBaseUrl());
        Browser.Page page = DemoRealm.password(late, admin);
        assertTrue(page.isEnrollment());
        assertFalse(page.body().contains("id=\"totp-guard-postpone\""), "no 'Later' after the date");
    }

    @Test
    void fourParallelLaterWithOneLeftGrantExactlyOne() throws Exception {
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-skips", "1");
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-until", "");
        String admin = DemoRealm.createUser(realm.admin(), "rollout-race", true);
        int parallel = 4;
        List<Browser> browsers = new ArrayList<>();
        List<Browser.Page> pages = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page enrollment = DemoRealm.password(browser, admin);
            assertTrue(enrollment.body().contains("id=\"totp-guard-postpone\""), () -> "'Later' offered, got " + enrollment);
            browsers.add(browser);
            pages.add(enrollment);
        }
        List<Callable<Browser.Page>> laters = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            Browser browser = browsers.get(i);
            Browser.Page page = pages.get(i);
            laters.add(() -> browser.submitForm(page, FORM, Map.of("postpone", "true")));
        }
        int granted = 0;
        for (Browser.Page page : Together.all(laters, Duration.ofSeconds(60))) {
            assertTrue(page.status() < 500, page::toString);
            if (page.isRedirectToClient()) {
                granted++;
            } else {
                assertTrue(page.isEnrollment(), () -> "refused: the enrollment page again, got " + page);
            }
        }
        assertEquals(1, granted, "one postponement left: exactly one 'Later' of " + parallel + " is granted");
        assertEquals(1, DemoRealm.events(realm.admin(), admin, "CUSTOM_REQUIRED_ACTION").stream()
                .filter(e -> e.getDetails() != null && e.getDetails().containsKey("totp_postponed")).count());
        Browser.Page next = DemoRealm.password(new Browser(realm.getBaseUrl()), admin);
        assertFalse(next.body().contains("id=\"totp-guard-postpone\""), "the grace period is used up");
    }

    @Test
    void neverForAClientWhoseMinimumLevelIsGoldOnRecipeTwo() {
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-skips", "5");
        DemoRealm.setEnrollConfig(realm, "totp-guard.grace-until", "");
        // recipe 2 as docs/realm-admin.md builds it: the admins' sub-flow, no step-up sub-flow (the demo's is switched off here)
        AuthenticationExecutionInfoRepresentation stepUp = realm.admin().flows().getExecutions("totp-guard forms").stream()
                .filter(e -> "totp-guard level 2 step-up".equals(e.getDisplayName())).findFirst().orElseThrow();
        String requirement = stepUp.getRequirement();
        stepUp.setRequirement("DISABLED");
        realm.admin().flows().updateExecutions("totp-guard forms", stepUp);
        try {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId("gold-app-" + java.util.UUID.randomUUID().toString().substring(0, 6));
            client.setPublicClient(true);
            client.setStandardFlowEnabled(true);
            client.setRedirectUris(List.of(Browser.REDIRECT_URI + "*"));
            client.setAttributes(Map.of("minimum.acr.value", "gold", "pkce.code.challenge.method", "S256"));
            realm.admin().clients().create(client).close();
            String admin = DemoRealm.createUser(realm.admin(), "rollout-gold", true);
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page login = browser.openLoginAt(client.getClientId(), Browser.REDIRECT_URI);
            Browser.Page enrollment = browser.submitPassword(login, admin);
            assertTrue(enrollment.isEnrollment(), () -> "an admin without a device enrolls, got " + enrollment);
            assertFalse(enrollment.body().contains("id=\"totp-guard-postpone\""), "no 'Later' when the client requires gold");
            Browser.Page refused = browser.submitForm(enrollment, FORM, Map.of("postpone", "true"));
            assertTrue(refused.isEnrollment(), () -> "'Later' by hand at a gold client does not sign in, got " + refused);
            // the same admin at demo-app (no minimum): "Later" is offered
            Browser plain = new Browser(realm.getBaseUrl());
            Browser.Page offered = DemoRealm.password(plain, admin);
            assertTrue(offered.body().contains("id=\"totp-guard-postpone\""), () -> "'Later' at level 1, got " + offered);
        } finally {
            stepUp.setRequirement(requirement);
            realm.admin().flows().updateExecutions("totp-guard forms", stepUp);
        }
    }

    private JsonNode toEnroll() {
        AdminApi.Reply summary = api.call("GET", "summary", staff);
        assertEquals(200, summary.status(), summary::toString);
        return summary.json().get("toEnroll");
    }
}
