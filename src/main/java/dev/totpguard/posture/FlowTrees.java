package dev.totpguard.posture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.posture.FlowNode.Requirement;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Builds the {@link FlowNode} tree of a realm's flow: executions in Keycloak's order, sub-flows by alias, and as a
 * {@link FlowNode.Condition} every execution whose authenticator is a {@link ConditionalAuthenticator} (the test
 * Keycloak itself applies), with its config.
 */
final class FlowTrees {

    private final KeycloakSession session;
    private final RealmModel realm;

    FlowTrees(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The tree of a top-level flow by id, or {@code null} when there is no such flow. */
    FlowNode.SubFlow byId(String flowId) {
        AuthenticationFlowModel flow = flowId == null || flowId.isBlank() ? null : realm.getAuthenticationFlowById(flowId);
        return flow == null ? null : of(flow);
    }

    FlowNode.SubFlow of(AuthenticationFlowModel flow) {
        return flow == null ? null : new FlowNode.SubFlow(flow.getAlias(), Requirement.REQUIRED,
                children(flow.getId(), new HashSet<>(Set.of(flow.getId()))));
    }

    private List<FlowNode> children(String flowId, Set<String> path) {
        List<FlowNode> children = new ArrayList<>();
        realm.getAuthenticationExecutionsStream(flowId).forEachOrdered(e -> children.add(node(e, path)));
        return children;
    }

    private FlowNode node(AuthenticationExecutionModel e, Set<String> path) {
        Requirement requirement = requirement(e.getRequirement());
        if (e.isAuthenticatorFlow()) {
            AuthenticationFlowModel sub = realm.getAuthenticationFlowById(e.getFlowId());
            String alias = sub == null ? e.getFlowId() : sub.getAlias();
            if (sub == null || !path.add(sub.getId())) {
                // a missing or cyclic sub-flow: nothing of it can run
                return new FlowNode.SubFlow(alias, Requirement.DISABLED, List.of());
            }
            List<FlowNode> children = children(sub.getId(), path);
            path.remove(sub.getId());
            return new FlowNode.SubFlow(alias, requirement, children);
        }
        if (conditional(e.getAuthenticator())) {
            AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                    : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
            Map<String, String> settings = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
            return new FlowNode.Condition(e.getAuthenticator(), requirement, config == null ? null : config.getAlias(),
                    settings);
        }
        return new FlowNode.Step(e.getAuthenticator(), requirement);
    }

    private boolean conditional(String providerId) {
        if (providerId == null) {
            return false;
        }
        AuthenticatorFactory factory = (AuthenticatorFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, providerId);
        if (factory == null) {
            return false;
        }
        Authenticator authenticator = factory.create(session);
        try {
            return authenticator instanceof ConditionalAuthenticator;
        } finally {
            authenticator.close();
        }
    }

    private static Requirement requirement(AuthenticationExecutionModel.Requirement requirement) {
        if (requirement == null) {
            return Requirement.DISABLED;
        }
        return switch (requirement) {
            case REQUIRED -> Requirement.REQUIRED;
            case CONDITIONAL -> Requirement.CONDITIONAL;
            case ALTERNATIVE -> Requirement.ALTERNATIVE;
            case DISABLED -> Requirement.DISABLED;
        };
    }
}
