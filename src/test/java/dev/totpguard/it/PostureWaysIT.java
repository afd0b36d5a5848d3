package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

import static dev.totpguard.it.PostureApi.posture;
import static dev.totpguard.it.PostureApi.way;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET …/totp-guard/posture} beyond sign-in flows: identity providers, the reset-credentials flow, and the
 * required actions around enrollment. One realm per misconfiguration.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class PostureWaysIT {

    @InjectRealm(ref = "broker")
    ManagedRealm broker;

    @InjectRealm(ref = "reset")
    ManagedRealm reset;

    @InjectRealm(ref = "actions")
    ManagedRealm actions;

    @InjectMailServer
    MailServer mail;

    @Test
    void identityProviderWithoutAPostLoginFlowIsNotChecked() {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("corp");
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(Map.of("authorizationUrl", "http://localhost:1/auth", "tokenUrl", "http://localhost:1/token",
                "clientId", "totp-guard-it", "clientAuthMethod", "client_secret_post", "clientSecret", "placeholder"));
        AdminApi.created(broker.admin().identityProviders().create(idp), "identity provider corp");

        JsonNode without = way(posture(broker), "idp:corp");
        assertEquals("not_checked", without.get("verdict").asText(), without::toString);
        assertTrue(without.path("flow").isMissingNode() || without.get("flow").isNull(), () -> "no flow: " + without);
        assertTrue(without.get("reason").asText().contains("no post-login flow"), without::toString);

        // with a post-login flow that prompts users with a device, the same way is checked
        Flows flows = new Flows(broker.admin()).top("corp post login");
        flows.subFlow("corp post login", "corp post login code", "CONDITIONAL");
        flows.step("corp post login code", "totp-guard-condition-device", "REQUIRED");
        flows.step("corp post login code", "totp-guard-form", "REQUIRED");
        IdentityProviderRepresentation stored = broker.admin().identityProviders().get("corp").toRepresentation();
        stored.setPostBrokerLoginFlowAlias("corp post login");
        broker.admin().identityProviders().get("corp").update(stored);
        JsonNode with = way(posture(broker), "idp:corp");
        assertEquals("checked", with.get("verdict").asText(), with::toString);
        assertEquals("corp post login", with.get("flow").asText());
    }

    @Test
    void keycloaksResetFlowSetsANewPasswordWithoutACode() {
        RealmRepresentation rep = reset.admin().toRepresentation();
        rep.setResetPasswordAllowed(true);
        rep.setSmtpServer(Map.of("host", "localhost", "port", "3025", "from", "totp-guard-it@localhost"));
        reset.admin().update(rep);
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId(Browser.CLIENT_ID);
        app.setPublicClient(true);
        app.setStandardFlowEnabled(true);
        app.setRedirectUris(List.of(Browser.REDIRECT_URI + "*"));
        AdminApi.created(reset.admin().clients().create(app), "client " + Browser.CLIENT_ID);
        TotpDevice user = TotpDevice.importedForNewUser(reset, "forgot", false);

        JsonNode way = way(posture(reset), "reset-credentials");
        assertEquals("not_checked", way.get("verdict").asText(), way::toString);
        assertEquals("reset credentials", way.get("flow").asText());

        // as predicted: the mailed link leads straight to the new password, and on into the application
        Browser browser = new Browser(reset.getBaseUrl());
        Browser.Page newPassword = Mails.followResetLink(mail, browser, user.username());
        assertFalse(newPassword.isCodePrompt(), () -> "no code asked, got " + newPassword);
        assertTrue(newPassword.body().contains("password-new"), () -> "the new password at once, got " + newPassword);
        String password = "N3w-" + user.username();
        Browser.Page done = browser.submit(newPassword, Map.of("password-new", password, "password-confirm", password));
        assertTrue(done.isRedirectToClient(), () -> "signed in with the new password alone, got " + done);
    }

    @Test
    void requiredActionsThatWorkAgainstTotpGuardAreProblems() {
        setEnabled("CONFIGURE_TOTP", true);
        setEnabled("CONFIGURE_RECOVERY_AUTHN_CODES", false);
        setEnabled("totp-guard-enroll", false);
        List<String> problems = PostureApi.problems(posture(actions));
        assertTrue(problems.containsAll(List.of("built-in-otp-action-on", "recovery-codes-action-off", "enroll-action-off")),
                problems::toString);

        setEnabled("CONFIGURE_TOTP", false);
        setEnabled("CONFIGURE_RECOVERY_AUTHN_CODES", true);
        setEnabled("totp-guard-enroll", true);
        assertEquals(List.of(), PostureApi.problems(posture(actions)));
    }

    private void setEnabled(String alias, boolean enabled) {
        List<RequiredActionProviderRepresentation> registered = actions.admin().flows().getRequiredActions();
        RequiredActionProviderRepresentation action = registered.stream().filter(a -> alias.equals(a.getAlias()))
                .findFirst().orElse(null);
        if (action == null) {
            actions.admin().flows().getUnregisteredRequiredActions().stream()
                    .filter(a -> alias.equals(a.getProviderId())).findFirst()
                    .ifPresent(a -> actions.admin().flows().registerRequiredAction(a));
            action = actions.admin().flows().getRequiredAction(alias);
        }
        action.setEnabled(enabled);
        actions.admin().flows().updateRequiredAction(alias, action);
    }
}
