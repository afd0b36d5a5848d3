package dev.totpguard.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safe by default: a realm that bound only a browser flow with the code (docs/realm-admin.md, recipe 1) and a reset flow with it
 * (recipe 6), kept Keycloak's default direct grant flow, and brokers a real OIDC provider (a second realm of the same
 * server) without a post-login flow ({@code corp}); and the demo realm, which brokers the same provider with its post
 * broker login flow ({@code corp-checked}). Users with a device never get a password-only token by direct grant, nor a session through the
 * provider without the code; a flow that asked for the code is not asked again; and the ways the posture reports
 * unchecked are the ones the safety net covers, each named in a warning of the server log.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class SafetyNetIT {

    private static final String UNCHECKED = "corp";
    private static final String CHECKED = "corp-checked";
    private static final String POST_LOGIN = "totp-guard post broker login";
    private static final String LEGACY = "legacy-cli";

    @InjectRealm(ref = "provider")
    ManagedRealm provider;

    @InjectRealm(ref = "app")
    ManagedRealm app;

    /** The demo realm, whose post broker login flow {@code corp-checked} uses. */
    @InjectRealm(ref = "demo", fromJson = DemoRealm.JSON)
    ManagedRealm demo;

    @BeforeEach
    void realmAsAnAdminLeftIt() {
        if (!app.admin().flows().getFlows().stream().anyMatch(f -> "recipe 1".equals(f.getAlias()))) {
            Flows flows = new Flows(app.admin());
            flows.browserWithCode("recipe 1");
            flows.bindBrowser("recipe 1");

            flows.top("recipe 6");
            flows.step("recipe 6", "reset-credentials-choose-user", "REQUIRED");
            flows.step("recipe 6", "reset-credential-email", "REQUIRED");
            flows.subFlow("recipe 6", "recipe 6 second factor", "CONDITIONAL");
            flows.step("recipe 6 second factor", "totp-guard-condition-device", "REQUIRED");
            flows.step("recipe 6 second factor", "totp-guard-form", "REQUIRED");
            flows.step("recipe 6", "reset-password", "REQUIRED");

            // recipe 4, for one client only
            flows.directGrantWithCode("recipe 4");

            RealmRepresentation rep = app.admin().toRepresentation();
            rep.setResetCredentialsFlow("recipe 6");
            rep.setEventsEnabled(true);
            app.admin().update(rep);

            ClientRepresentation demoApp = new ClientRepresentation();
            demoApp.setClientId(Browser.CLIENT_ID);
            demoApp.setPublicClient(true);
            demoApp.setStandardFlowEnabled(true);
            demoApp.setRedirectUris(List.of(Browser.REDIRECT_URI + "*"));
            AdminApi.created(app.admin().clients().create(demoApp), Browser.CLIENT_ID);
            ClientRepresentation legacy = new ClientRepresentation();
            legacy.setClientId(LEGACY);
            legacy.setPublicClient(true);
            legacy.setStandardFlowEnabled(false);
            legacy.setDirectAccessGrantsEnabled(true);
            legacy.setAuthenticationFlowBindingOverrides(Map.of("direct_grant", flows.id("recipe 4")));
            AdminApi.created(app.admin().clients().create(legacy), LEGACY);
        }
        Broker.providerClient(provider, app, demo);
        Broker.identityProvider(app, provider, UNCHECKED, null);
        Broker.identityProvider(demo, provider, CHECKED, POST_LOGIN);
    }

    /** (b) No post-login flow: after the provider, the safety net's code page; only the right code finishes. */
    @Test
    void identityProviderWithoutAPostLoginFlowAsksForTheCode() {
        TotpDevice user = federatedUserWithDevice(app, UNCHECKED);

        Browser browser = new Browser(app.getBaseUrl());
        Browser.Page asked = Broker.signIn(browser, UNCHECKED, user.username());
        assertFalse(asked.isRedirectToClient(), () -> "no session from the provider alone, got " + asked);
        assertTrue(asked.isCodePrompt(), () -> "the code page, got " + asked);
        assertTrue(asked.body().contains("id=\"totp-guard-confirm-intro\"")
                && asked.body().contains("To finish signing in"), () -> "says what the code is for: " + asked.body());

        Browser.Page wrong = browser.submit(asked, Map.of("otp", user.wrongCode(Codes.currentStep(30), 12)));
        assertTrue(wrong.isCodePrompt() && wrong.codeError().isPresent(), () -> "a wrong code is refused, got " + wrong);
        Browser.Page in = browser.submit(wrong, Map.of("otp", user.nextCode()));
        assertTrue(in.isRedirectToClient(), () -> "the right code finishes the sign-in, got " + in);
        assertEquals(user.username(), Browser.idToken(browser.exchange(in)).get("preferred_username").asText());

        List<EventRepresentation> errors = DemoRealm.events(app.admin(), user.username(), "LOGIN_ERROR");
        assertTrue(errors.stream().anyMatch(e -> "sign_in".equals(e.getDetails().get("totp_ceremony"))
                && "invalid".equals(e.getDetails().get("reason"))), () -> "the wrong code is an event: " + errors);
        awaitWarning("realm " + app.getName() + ", way idp:" + UNCHECKED + ":", "Post login flow");
    }

    /** (a) With the demo realm's post broker login flow: its code prompt, and nothing asked twice. */
    @Test
    void identityProviderWithThePostLoginFlowAsksOnceInTheFlow() {
        TotpDevice user = federatedUserWithDevice(demo, CHECKED);
        assertEquals("checked", PostureApi.verdict(PostureApi.posture(demo), "idp:" + CHECKED));

        Browser browser = new Browser(demo.getBaseUrl());
        Browser.Page prompt = Broker.signIn(browser, CHECKED, user.username());
        assertTrue(prompt.isCodePrompt(), () -> "the post-login flow's code prompt, got " + prompt);
        assertFalse(prompt.body().contains("id=\"totp-guard-confirm-intro\""), "the flow's prompt, not the safety net's");
        Browser.Page wrong = browser.submit(prompt, Map.of("otp", user.wrongCode(Codes.currentStep(30), 12)));
        assertTrue(wrong.isCodePrompt() && wrong.codeError().isPresent(), () -> "a wrong code is refused, got " + wrong);
        Browser.Page in = browser.submit(wrong, Map.of("otp", user.nextCode()));
        assertTrue(in.isRedirectToClient(), () -> "one right code, in the flow, finishes the sign-in, got " + in);
    }

    /** (c) Keycloak's default direct grant flow: refused for a device user; recipe 4 with the code still gives tokens. */
    @Test
    void directGrantOfADeviceUserNeedsAFlowThatAskedForTheCode() {
        TotpDevice user = TotpDevice.importedForNewUser(app, "dg", false);
        String plain = DemoRealm.createUser(app.admin(), "dg-plain", false);

        TokenGrant.Reply refused = TokenGrant.password(app.getBaseUrl(), user.username());
        assertEquals(400, refused.status(), () -> "no password-only token for a device user, got " + refused);
        assertEquals("invalid_grant", refused.error(), refused::toString);
        assertTrue(TokenGrant.password(app.getBaseUrl(), plain).hasTokens(), "users without a device are not affected");

        List<EventRepresentation> errors = DemoRealm.events(app.admin(), user.username(), "LOGIN_ERROR");
        assertTrue(errors.stream().anyMatch(e -> "not_checked".equals(e.getDetails().get("reason"))
                && "direct-grant".equals(e.getDetails().get("totp_way"))), () -> "our event says why: " + errors);
        awaitWarning("realm " + app.getName() + ", way direct-grant:", "recipe 4");

        Map<String, String> legacy = Map.of("client_id", LEGACY);
        assertEquals(400, TokenGrant.password(app.getBaseUrl(), user.username(), legacy).status(), "recipe 4: no code, no token");
        TokenGrant.Reply withCode = TokenGrant.password(app.getBaseUrl(), user.username(),
                Map.of("client_id", LEGACY, "totp", user.nextCode()));
        assertTrue(withCode.hasTokens(), () -> "a flow that checked the code is not refused, got " + withCode);
    }

    /** The posture's unchecked ways are exactly the ones the safety net covers, and the server log names each. */
    @Test
    void theUncheckedWaysAreTheCoveredOnesAndEachIsWarnedAbout() {
        TotpDevice.importedForNewUser(app, "posture", false);
        JsonNode posture = PostureApi.posture(app);
        Set<String> unchecked = new TreeSet<>();
        posture.get("ways").forEach(w -> {
            if ("not_checked".equals(w.get("verdict").asText())) {
                unchecked.add(w.get("way").asText());
            }
        });
        assertEquals(Set.of("direct-grant", "first-broker-login", "idp:" + UNCHECKED), unchecked, posture::toString);
        for (String way : List.of("browser", "reset-credentials", "client:" + LEGACY + ":direct-grant")) {
            assertEquals("checked", PostureApi.verdict(posture, way), () -> way + ": " + posture);
        }

        // a change of the realm's bindings (here: none, the realm saved as it is) judges the realm again
        app.admin().update(app.admin().toRepresentation());
        for (String way : unchecked) {
            awaitWarning("realm " + app.getName() + " has users with a TOTP Guard device, but way " + way + " ",
                    "the safety net covers it");
        }
    }

    /** A provider user, linked by a first brokered sign-in (which creates the user here), then given a device here. */
    private TotpDevice federatedUserWithDevice(ManagedRealm realm, String alias) {
        String username = DemoRealm.createUser(provider.admin(), "fed", false);
        Browser first = new Browser(realm.getBaseUrl());
        Browser.Page linked = Broker.signIn(first, alias, username);
        assertTrue(linked.isRedirectToClient(), () -> "first sign-in through " + alias + " creates the user, got " + linked);
        String userId = DemoRealm.userId(realm.admin(), username);
        assertEquals(1, realm.admin().users().get(userId).getFederatedIdentity().size(), "linked to the provider");
        return TotpDevice.importedFor(realm, username);
    }

    /** Waits (a few seconds at most) for a WARN line of the server log that contains both parts. */
    private static void awaitWarning(String part, String other) {
        ServerLog.awaitLine("a WARN line with '" + part + "' and '" + other + "'",
                l -> l.contains("WARN") && l.contains(part) && l.contains(other));
    }
}
