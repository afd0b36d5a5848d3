package dev.totpguard.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.totpguard.guard.RealmPolicies;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * Whether direct grants (resource owner password credentials) in a realm check totp-guard devices: a flow without an
 * enabled {@value RealmPolicies#DIRECT_GRANT_AUTHENTICATOR} execution (at any depth) gives users with a device tokens
 * for their password alone.
 *
 * @param realmFlow               alias of the realm's direct grant flow
 * @param realmFlowChecksDevices  whether that flow checks devices
 * @param clientsWithoutCheck     clients with direct grants on whose flow (the realm's, or their own override) does not
 *                                check devices, by client id; empty when every such client is covered
 */
public record DirectGrantCoverage(String realmFlow, boolean realmFlowChecksDevices, List<String> clientsWithoutCheck) {

    static DirectGrantCoverage of(RealmModel realm) {
        AuthenticationFlowModel flow = realm.getDirectGrantFlow();
        String realmFlowId = flow == null ? null : flow.getId();
        boolean realmChecks = checks(realm, realmFlowId, new HashSet<>());
        List<String> uncovered = realm.getClientsStream()
                .filter(ClientModel::isDirectAccessGrantsEnabled)
                .filter(client -> {
                    String override = client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.DIRECT_GRANT_BINDING);
                    return override == null || override.isBlank() ? !realmChecks : !checks(realm, override, new HashSet<>());
                })
                .map(ClientModel::getClientId)
                .sorted()
                .toList();
        return new DirectGrantCoverage(flow == null ? null : flow.getAlias(), realmChecks, uncovered);
    }

    /** Whether the flow, or a sub-flow of it, has an enabled direct grant execution of ours. */
    static boolean checks(RealmModel realm, String flowId, Set<String> seen) {
        if (flowId == null || !seen.add(flowId)) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED)
                .anyMatch(e -> e.isAuthenticatorFlow() ? checks(realm, e.getFlowId(), seen)
                        : RealmPolicies.DIRECT_GRANT_AUTHENTICATOR.equals(e.getAuthenticator()));
    }
}
