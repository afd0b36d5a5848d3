package dev.totpguard.posture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.totpguard.posture.Verdict.Result;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * {@code GET …/totp-guard/posture}: for every way into the realm, whether it asks users who have a totp-guard device for
 * a code ({@link FlowVerdict} over the flow bound to it), and the realm settings that work against TOTP Guard
 * ({@link PostureProblems}).
 */
public final class Posture {

    /** The realm's browser flow. */
    public static final String BROWSER = "browser";
    /** The realm's direct grant flow. */
    public static final String DIRECT_GRANT = "direct-grant";
    /** The realm's reset-credentials flow. */
    public static final String RESET_CREDENTIALS = "reset-credentials";
    /** The realm's first broker login flow. */
    public static final String FIRST_BROKER_LOGIN = "first-broker-login";

    /**
     * One way in.
     *
     * @param way     {@code browser}, {@code direct-grant}, {@code reset-credentials}, {@code first-broker-login},
     *                {@code idp:<alias>} (its post-login flow), {@code idp:<alias>:first-broker-login} (its own first
     *                broker login flow), {@code client:<clientId>:browser} or {@code client:<clientId>:direct-grant}
     *                (a client's flow override)
     * @param flow    the alias of the flow bound to it, {@code null} when none is
     */
    public record Way(String way, String flow, Result verdict, String who, String reason) {

        static Way of(String way, FlowNode.SubFlow flow, Verdict verdict) {
            return new Way(way, flow == null ? null : flow.alias(), verdict.result(), verdict.who(), verdict.reason());
        }

        /** A realm-level browser or direct grant way, or a client's override: what users of Keycloak's OTP came through. */
        public boolean signIn() {
            return BROWSER.equals(way) || DIRECT_GRANT.equals(way) || way.startsWith("client:");
        }
    }

    /** The answer of {@code GET posture}. */
    public record Report(List<Way> ways, List<PostureProblems.Problem> problems) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final FlowTrees trees;

    public Posture(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.trees = new FlowTrees(session, realm);
    }

    public Report report() {
        return new Report(ways(), PostureProblems.of(session, realm));
    }

    /** Every way in: the realm's flows, each identity provider, each client's flow overrides. */
    public List<Way> ways() {
        List<Way> ways = new ArrayList<>();
        ways.add(realmFlow(BROWSER, realm.getBrowserFlow(), false));
        ways.add(directGrant());
        ways.add(realmFlow(RESET_CREDENTIALS, realm.getResetCredentialsFlow(), true));
        ways.add(realmFlow(FIRST_BROKER_LOGIN, realm.getFirstBrokerLoginFlow(), false));
        AuthenticationFlowModel firstBroker = realm.getFirstBrokerLoginFlow();
        session.identityProviders().getAllStream()
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .forEach(idp -> {
                    ways.add(identityProvider(idp));
                    String own = idp.getFirstBrokerLoginFlowId();
                    if (own != null && !own.isBlank() && (firstBroker == null || !own.equals(firstBroker.getId()))) {
                        FlowNode.SubFlow flow = trees.byId(own);
                        ways.add(Way.of("idp:" + idp.getAlias() + ":first-broker-login", flow,
                                FlowVerdict.judge(flow, false, 0)));
                    }
                });
        realm.getClientsStream().sorted(Comparator.comparing(ClientModel::getClientId))
                .forEach(client -> ways.addAll(clientOverrides(client)));
        return ways;
    }

    /** The realm's direct grant flow. */
    public Way directGrant() {
        return realmFlow(DIRECT_GRANT, realm.getDirectGrantFlow(), false);
    }

    /** The client's browser and direct grant overrides, if it has any. */
    public List<Way> clientOverrides(ClientModel client) {
        List<Way> ways = new ArrayList<>();
        Map<String, String> overrides = client.getAuthenticationFlowBindingOverrides();
        String browser = overrides == null ? null : overrides.get(AuthenticationFlowBindings.BROWSER_BINDING);
        if (browser != null && !browser.isBlank()) {
            FlowNode.SubFlow flow = trees.byId(browser);
            ways.add(Way.of(clientWay(client, BROWSER), flow, FlowVerdict.judge(flow, false, minimumLevel(client))));
        }
        String directGrant = overrides == null ? null : overrides.get(AuthenticationFlowBindings.DIRECT_GRANT_BINDING);
        if (directGrant != null && !directGrant.isBlank()) {
            FlowNode.SubFlow flow = trees.byId(directGrant);
            ways.add(Way.of(clientWay(client, DIRECT_GRANT), flow, FlowVerdict.judge(flow, false, 0)));
        }
        return ways;
    }

    /** {@code client:<clientId>:browser} or {@code client:<clientId>:direct-grant}. */
    public static String clientWay(ClientModel client, String kind) {
        return "client:" + client.getClientId() + ":" + kind;
    }

    private Way realmFlow(String way, AuthenticationFlowModel model, boolean reset) {
        FlowNode.SubFlow flow = trees.of(model);
        return Way.of(way, flow, FlowVerdict.judge(flow, reset, 0));
    }

    private Way identityProvider(IdentityProviderModel idp) {
        String postLogin = idp.getPostBrokerLoginFlowId();
        FlowNode.SubFlow flow = trees.byId(postLogin);
        if (flow == null) {
            return new Way("idp:" + idp.getAlias(), null, Result.NOT_CHECKED, "nobody", "identity provider '"
                    + idp.getAlias() + "' has no post-login flow: users with a device sign in through it without a code");
        }
        return Way.of("idp:" + idp.getAlias(), flow, FlowVerdict.judge(flow, false, 0));
    }

    /** The level every browser sign-in of the client asks for at least: its minimum ACR, mapped to a level. */
    private static int minimumLevel(ClientModel client) {
        String acr = AcrUtils.getMinimumAcrValue(client);
        if (acr == null || acr.isBlank()) {
            return 0;
        }
        Integer level = AcrUtils.getAcrLoaMap(client).get(acr);
        if (level != null) {
            return level;
        }
        return acr.matches("[0-9]{1,3}") ? Integer.parseInt(acr) : 0;
    }
}
