package dev.totpguard.it;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real OIDC identity provider for brokered sign-ins: a second realm of the same server ({@code provider}) with a
 * confidential client, and, in the realm under test ({@code app}), an OIDC identity provider pointing at it through
 * {@code http://localhost:8080/realms/<provider>/…} (first broker login flow: the realm's default).
 */
final class Broker {

    static final String CLIENT = "totp-guard-broker";
    private static final String SECRET = "broker-secret-for-tests-only";

    private Broker() {
    }

    /** The provider's client for the broker endpoints of {@code apps}, unless it exists. */
    static void providerClient(ManagedRealm provider, ManagedRealm... apps) {
        if (!provider.admin().clients().findByClientId(CLIENT).isEmpty()) {
            return;
        }
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT);
        client.setPublicClient(false);
        client.setSecret(SECRET);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(java.util.Arrays.stream(apps).map(app -> app.getBaseUrl() + "/broker/*").toList());
        AdminApi.created(provider.admin().clients().create(client), "create the provider's client");
    }

    /** An OIDC identity provider {@code alias} in {@code app} for {@code provider}, unless it exists. */
    static void identityProvider(ManagedRealm app, ManagedRealm provider, String alias, String postLoginFlow) {
        if (app.admin().identityProviders().findAll().stream().anyMatch(i -> alias.equals(i.getAlias()))) {
            return;
        }
        String base = provider.getBaseUrl();
        Map<String, String> config = new HashMap<>();
        config.put("authorizationUrl", base + "/protocol/openid-connect/auth");
        config.put("tokenUrl", base + "/protocol/openid-connect/token");
        config.put("userInfoUrl", base + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", base + "/protocol/openid-connect/certs");
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("issuer", base);
        config.put("clientId", CLIENT);
        config.put("clientSecret", SECRET);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid profile email");
        config.put("syncMode", "IMPORT");
        // built through Jackson, not the setters: the tests compile against the oldest supported Keycloak API (26.4),
        // where setTrustEmail takes a boolean, and run against 26.7, where it takes a Boolean
        Map<String, Object> fields = new HashMap<>();
        fields.put("alias", alias);
        fields.put("providerId", "oidc");
        fields.put("enabled", true);
        fields.put("trustEmail", true);
        fields.put("hideOnLogin", false);
        fields.put("postBrokerLoginFlowAlias", postLoginFlow);
        fields.put("config", config);
        IdentityProviderRepresentation idp = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(fields, IdentityProviderRepresentation.class);
        AdminApi.created(app.admin().identityProviders().create(idp), "create identity provider " + alias);
    }

    /**
     * A sign-in to the browser's realm's demo-app through identity provider {@code alias}: the login page's
     * button, the provider's own sign-in (password = username), back to {@code app}. Returns what {@code app} answers
     * then: the redirect to the client, or a page.
     */
    static Browser.Page signIn(Browser browser, String alias, String providerUsername) {
        Browser.Page login = browser.openLogin();
        String link = login.find("href=\"([^\"]*/broker/" + alias + "/login[^\"]*)\"")
                .orElseThrow(() -> new AssertionError("no button for identity provider " + alias + " on " + login))
                .replace("&amp;", "&");
        Browser.Page providerLogin = browser.open(login.uri().resolve(link).toString());
        assertTrue(providerLogin.body().contains("id=\"kc-form-login\""), () -> "the provider's sign-in, got " + providerLogin);
        return browser.submitPassword(providerLogin, providerUsername);
    }
}
