package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static dev.totpguard.it.PostureApi.posture;
import static dev.totpguard.it.PostureApi.verdict;
import static dev.totpguard.it.PostureApi.way;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET …/totp-guard/posture}: one realm per misconfiguration, each time the verdict and the live behaviour it
 * predicts (password grants on {@code admin-cli}, a browser sign-in), and the demo realm, where every way is checked.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class PostureIT {

    @InjectRealm(ref = "alternative")
    ManagedRealm alternative;

    @InjectRealm(ref = "role")
    ManagedRealm role;

    @InjectRealm(ref = "client")
    ManagedRealm client;

    @InjectRealm(ref = "badconfig")
    ManagedRealm badConfig;

    @InjectRealm(ref = "demo", fromJson = DemoRealm.JSON)
    ManagedRealm demo;

    @Test
    void directGrantStepAsAlternativeBesideThePasswordIsNeverRun() {
        Flows flows = new Flows(alternative.admin()).top("dg alternative");
        flows.step("dg alternative", "direct-grant-validate-username", "REQUIRED");
        flows.step("dg alternative", "direct-grant-validate-password", "REQUIRED");
        flows.subFlow("dg alternative", "dg alternative code", "ALTERNATIVE");
        flows.step("dg alternative code", "totp-guard-direct-grant", "REQUIRED");
        flows.bindDirectGrant("dg alternative");
        TotpDevice user = TotpDevice.importedForNewUser(alternative, "alt", false);

        JsonNode way = way(posture(alternative), "direct-grant");
        assertEquals("not_checked", way.get("verdict").asText(), way::toString);
        assertEquals("dg alternative", way.get("flow").asText());
        assertTrue(way.get("reason").asText().contains("never runs it"), way::toString);

        // the safety net refuses what the flow lets through; without it, as predicted, the password alone gives tokens
        TokenGrant.Reply refused = TokenGrant.password(alternative.getBaseUrl(), user.username());
        assertEquals(400, refused.status(), () -> "the safety net refuses it: " + refused);
        RequiredActions.turnOff(alternative, RequiredActions.SAFETY_NET);
        TokenGrant.Reply reply = TokenGrant.password(alternative.getBaseUrl(), user.username());
        assertTrue(reply.hasTokens(), () -> "as predicted, the password alone gives tokens: " + reply);

        // the summary's direct grant check is the same verdict (it used to count any enabled step as a check)
        AdminApi api = new AdminApi(alternative.getName());
        JsonNode coverage = api.call("GET", "summary?max=0", api.masterAdminToken()).json().get("directGrant");
        assertFalse(coverage.get("realmFlowChecksDevices").asBoolean(), coverage::toString);
        assertTrue(coverage.get("clientsWithoutCheck").toString().contains("\"admin-cli\""), coverage::toString);
    }

    @Test
    void directGrantStepForAdminsOnlyChecksPartly() {
        PostureApi.adminRole(role.admin());
        Flows flows = new Flows(role.admin()).top("dg admins");
        flows.step("dg admins", "direct-grant-validate-username", "REQUIRED");
        flows.step("dg admins", "direct-grant-validate-password", "REQUIRED");
        flows.subFlow("dg admins", "dg admins code", "CONDITIONAL");
        String condition = flows.step("dg admins code", "conditional-user-role", "REQUIRED");
        flows.config(condition, "dg role admin", Map.of("condUserRole", "admin", "negate", "false"));
        flows.step("dg admins code", "totp-guard-direct-grant", "REQUIRED");
        flows.bindDirectGrant("dg admins");
        TotpDevice member = TotpDevice.importedForNewUser(role, "member", false);
        TotpDevice admin = TotpDevice.importedForNewUser(role, "admin", true);

        JsonNode way = way(posture(role), "direct-grant");
        assertEquals("partly", way.get("verdict").asText(), way::toString);
        assertEquals("users with role admin", way.get("who").asText(), way::toString);

        TokenGrant.Reply refused = TokenGrant.password(role.getBaseUrl(), member.username());
        assertEquals(400, refused.status(), () -> "the safety net refuses what the flow lets through: " + refused);
        RequiredActions.turnOff(role, RequiredActions.SAFETY_NET);
        TokenGrant.Reply memberReply = TokenGrant.password(role.getBaseUrl(), member.username());
        assertTrue(memberReply.hasTokens(), () -> "a device user without the role: the password alone, got " + memberReply);
        TokenGrant.Reply adminReply = TokenGrant.password(role.getBaseUrl(), admin.username());
        assertEquals(400, adminReply.status(), () -> "an admin with a device is asked for a code, got " + adminReply);
    }

    @Test
    void clientBrowserOverrideWithoutThePromptIsNotChecked() {
        Flows flows = new Flows(client.admin()).top("portal browser");
        flows.step("portal browser", "auth-cookie", "ALTERNATIVE");
        flows.subFlow("portal browser", "portal forms", "ALTERNATIVE");
        flows.step("portal forms", "auth-username-password-form", "REQUIRED");
        ClientRepresentation portal = new ClientRepresentation();
        portal.setClientId("portal");
        portal.setPublicClient(true);
        portal.setStandardFlowEnabled(true);
        portal.setRedirectUris(List.of(Browser.REDIRECT_URI + "*"));
        portal.setAuthenticationFlowBindingOverrides(Map.of("browser", flows.id("portal browser")));
        AdminApi.created(client.admin().clients().create(portal), "client portal");
        TotpDevice user = TotpDevice.importedForNewUser(client, "portal", false);

        JsonNode way = way(posture(client), "client:portal:browser");
        assertEquals("not_checked", way.get("verdict").asText(), way::toString);
        assertEquals("portal browser", way.get("flow").asText());

        Browser browser = new Browser(client.getBaseUrl());
        Browser.Page login = browser.openLoginAt("portal", Browser.REDIRECT_URI);
        Browser.Page in = browser.submitPassword(login, user.username());
        assertTrue(in.isRedirectToClient(), () -> "as predicted, signed in to portal with the password alone, got " + in);
    }

    @Test
    void invalidConfigOfOurStepIsAProblemAndTheStepRefusesEveryCode() {
        Flows flows = new Flows(badConfig.admin());
        String step = flows.directGrantWithCode("dg bad config");
        flows.config(step, "dg window typo", Map.of("totp-guard.window", "abc"));
        flows.bindDirectGrant("dg bad config");
        TotpDevice user = TotpDevice.importedForNewUser(badConfig, "typo", false);

        JsonNode posture = posture(badConfig);
        assertEquals("checked", verdict(posture, "direct-grant"), posture::toString);
        JsonNode problem = null;
        for (JsonNode p : posture.get("problems")) {
            if ("invalid-config".equals(p.get("problem").asText())) {
                problem = p;
            }
        }
        JsonNode invalid = problem;
        assertTrue(invalid != null, () -> "an invalid-config problem: " + posture);
        assertEquals("totp-guard.window", invalid.get("setting").asText(), invalid::toString);
        assertTrue(invalid.get("where").asText().contains("dg window typo")
                && invalid.get("where").asText().contains("dg bad config"), invalid::toString);
        assertFalse(posture.toString().contains("abc"), "never the value: " + posture);

        // as predicted, the way in is checked: no code, no tokens; and the invalid config fails closed: the right
        // code gets none either (never the looser defaults)
        TokenGrant.Reply missing = TokenGrant.password(badConfig.getBaseUrl(), user.username());
        assertEquals(400, missing.status(), missing::toString);
        TokenGrant.Reply right = TokenGrant.password(badConfig.getBaseUrl(), user.username(),
                Map.of("totp", user.nextCode()));
        assertEquals(400, right.status(), right::toString);
    }

    @Test
    void theDemoRealmChecksBrowserDirectGrantAndReset() {
        JsonNode posture = posture(demo);
        for (String way : List.of("browser", "direct-grant", "reset-credentials", "client:admin-portal:browser")) {
            assertEquals("checked", verdict(posture, way), () -> way + ": " + posture);
        }
        assertEquals("users with a device", way(posture, "browser").get("who").asText());
        assertEquals(List.of(), PostureApi.problems(posture), posture::toString);

        // needs view-realm: a helpdesk member with view-users only may not read it
        AdminApi api = new AdminApi(demo.getName());
        String viewer = AdminApi.staffToken(demo, "posture-viewer", "view-realm");
        String helpdesk = AdminApi.staffToken(demo, "posture-helpdesk", "view-users");
        assertEquals(200, api.call("GET", "posture", viewer).status());
        assertEquals(403, api.call("GET", "posture", helpdesk).status());
        assertEquals(401, api.call("GET", "posture", null).status());

        // as predicted: a device user's password alone gets no token by direct grant
        TotpDevice user = TotpDevice.importedForNewUser(demo, "posture", false);
        TokenGrant.Reply reply = TokenGrant.password(demo.getBaseUrl(), user.username());
        assertNotEquals(200, reply.status(), reply::toString);
    }
}
