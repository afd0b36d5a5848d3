package dev.totpguard.login;

import java.util.ArrayList;
import java.util.List;

import dev.totpguard.credential.Devices;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.CodeCheck;
import dev.totpguard.metrics.TotpGuardMetrics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The code check of a direct grant (resource owner password credentials) for users with a device: the code comes in
 * the form parameter {@value #PARAM_TOTP} (as for Keycloak's own direct-grant OTP step), or {@value #PARAM_OTP}. Goes
 * through {@link CodeCheck} like the prompt (limits, replay, sealed seeds) on the user's first (default) device, and
 * answers every refusal like Keycloak's own step: HTTP 400, {@code invalid_grant}, "Invalid user credentials", no hint
 * which part was wrong. There is no resync: a grant is one request.
 */
final class TotpGuardDirectGrantAuthenticator implements Authenticator {

    static final String PARAM_TOTP = "totp";
    static final String PARAM_OTP = "otp";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SignInAttempt run = SignInAttempt.run(context, TotpGuardMetrics.ENTRY_DIRECT_GRANT, null,
                code(context.getHttpRequest().getDecodedFormParameters()), null);
        Attempt attempt = run.attempt();
        if (run.refusal() != null) {
            // an invalid config or a realm lockout: no code checked, nothing counted
            context.challenge(invalidGrant());
        } else if (attempt.success()) {
            context.success(TotpGuardCredentialModel.TYPE);
        } else if (attempt.outcome().counted()) {
            // counted by Keycloak's brute-force detection too (reference category otp)
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, invalidGrant());
        } else {
            context.challenge(invalidGrant());
        }
    }

    /** The one value of {@value #PARAM_TOTP} or {@value #PARAM_OTP}; {@code null} (malformed) when none or several. */
    static String code(MultivaluedMap<String, String> form) {
        List<String> values = new ArrayList<>();
        if (form.get(PARAM_TOTP) != null) {
            values.addAll(form.get(PARAM_TOTP));
        }
        if (form.get(PARAM_OTP) != null) {
            values.addAll(form.get(PARAM_OTP));
        }
        return values.size() == 1 ? values.get(0) : null;
    }

    private static Response invalidGrant() {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT, "Invalid user credentials"))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a direct grant has no second request
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return Devices.any(user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // no enrollment in a direct grant: a user must have a device before a flow can ask for its code
    }

    @Override
    public void close() {
    }
}
