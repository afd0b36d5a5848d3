package dev.totpguard.confirm;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.ceremony.CeremonyPolicy;
import dev.totpguard.ceremony.Verdict;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Asks {@link CeremonyPolicy} from inside a required action: gathers what Keycloak recorded about this authentication
 * ({@link Evidence}), the levels of authentication requested and reached, and the action's maximum authentication age
 * (its {@value Constants#MAX_AUTH_AGE_KEY} setting, as Keycloak's own application-initiated actions use it; 300 s by
 * default).
 */
public final class CeremonyGate {

    private CeremonyGate() {
    }

    /** From a required action: its own maximum authentication age applies. */
    public static Verdict decide(RequiredActionContext context, Ceremony ceremony, boolean hasDevice, boolean graceLeft) {
        return decide(context.getSession(), context.getRealm(), context.getAuthenticationSession(), ceremony, hasDevice,
                graceLeft, maxAgeSeconds(context.getConfig()));
    }

    public static Verdict decide(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                 Ceremony ceremony, boolean hasDevice, boolean graceLeft, long maxAgeSeconds) {
        AcrStore acr = new AcrStore(session, authSession);
        return CeremonyPolicy.decide(ceremony, hasDevice, Evidence.shown(session, realm, authSession), Time.currentTime(),
                maxAgeSeconds, requestedLevel(acr, authSession), acr.getLevelOfAuthenticationFromCurrentAuthentication(),
                graceLeft);
    }

    static long maxAgeSeconds(RequiredActionConfigModel config) {
        if (config != null && config.getConfigValue(Constants.MAX_AUTH_AGE_KEY) != null) {
            try {
                return RequiredActionFactory.parseMaxAuthAge(config);
            } catch (NumberFormatException e) {
                return CeremonyPolicy.DEFAULT_MAX_AGE_SECONDS;
            }
        }
        return CeremonyPolicy.DEFAULT_MAX_AGE_SECONDS;
    }

    /** The level the client asked for (its {@code acr_values}, its minimum ACR, a {@code kc_action}'s credential level). */
    private static int requestedLevel(AcrStore acr, AuthenticationSessionModel authSession) {
        AuthenticationFlowModel flow = AuthenticationFlowResolver.resolveBrowserFlow(authSession);
        return flow == null ? 0 : Math.max(0, acr.getRequestedLevelOfAuthentication(flow));
    }
}
