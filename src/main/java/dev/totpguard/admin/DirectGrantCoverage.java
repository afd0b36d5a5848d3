package dev.totpguard.admin;

import java.util.List;
import java.util.Optional;

import dev.totpguard.posture.Posture;
import dev.totpguard.posture.Verdict;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Whether direct grants (resource owner password credentials) in a realm check totp-guard devices: the posture's
 * verdicts ({@link Posture}) of the realm's direct grant flow and of the clients' direct grant overrides. A flow whose
 * verdict is not {@code checked} gives some or all users with a device tokens for their password alone.
 *
 * @param realmFlow               alias of the realm's direct grant flow
 * @param realmFlowChecksDevices  whether that flow's verdict is {@code checked}
 * @param clientsWithoutCheck     clients with direct grants on whose flow (the realm's, or their own override) is not
 *                                {@code checked}, by client id; empty when every such client is covered
 */
public record DirectGrantCoverage(String realmFlow, boolean realmFlowChecksDevices, List<String> clientsWithoutCheck) {

    static DirectGrantCoverage of(KeycloakSession session, RealmModel realm) {
        Posture posture = new Posture(session, realm);
        AuthenticationFlowModel flow = realm.getDirectGrantFlow();
        boolean realmChecks = posture.directGrant().verdict() == Verdict.Result.CHECKED;
        List<String> uncovered = realm.getClientsStream()
                .filter(ClientModel::isDirectAccessGrantsEnabled)
                .filter(client -> override(posture, client).map(way -> way.verdict() != Verdict.Result.CHECKED)
                        .orElse(!realmChecks))
                .map(ClientModel::getClientId)
                .sorted()
                .toList();
        return new DirectGrantCoverage(flow == null ? null : flow.getAlias(), realmChecks, uncovered);
    }

    private static Optional<Posture.Way> override(Posture posture, ClientModel client) {
        String way = Posture.clientWay(client, Posture.DIRECT_GRANT);
        return posture.clientOverrides(client).stream().filter(w -> w.way().equals(way)).findFirst();
    }
}
