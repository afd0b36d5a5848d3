package dev.totpguard.confirm;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.ceremony.Verdict;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's own required actions that changes the second factor (removing a credential, new recovery codes),
 * with the ceremony policy in front: when the action would touch a user's TOTP Guard devices or their recovery, it
 * runs only after a code of an existing device (or a recovery code) in this authentication; otherwise it asks for one
 * first ({@link CodeConfirmation}), or refuses a mail link. Everything else is Keycloak's action, untouched.
 */
abstract class GuardedAction implements RequiredActionProvider, CredentialAction {

    private final RequiredActionProvider keycloak;

    GuardedAction(RequiredActionProvider keycloak) {
        this.keycloak = keycloak;
    }

    /** The ceremony this request is, or {@code null} when it does not concern the user's second factor. */
    abstract Ceremony ceremony(RequiredActionContext context);

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Ceremony ceremony = ceremony(context);
        if (ceremony == null) {
            keycloak.requiredActionChallenge(context);
            return;
        }
        Verdict verdict = CeremonyGate.decide(context, ceremony, true, false);
        switch (verdict.decision()) {
            case ALLOW -> keycloak.requiredActionChallenge(context);
            case ASK_CODE -> context.challenge(CodeConfirmation.page(context, ceremony, null, null));
            case REFUSE -> CodeConfirmation.refuse(context, ceremony, verdict.reason(), "totpGuardMailLinkRefused");
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Ceremony ceremony = ceremony(context);
        if (ceremony == null) {
            keycloak.processAction(context);
            return;
        }
        Verdict verdict = CeremonyGate.decide(context, ceremony, true, false);
        switch (verdict.decision()) {
            case ALLOW -> keycloak.processAction(context);
            case ASK_CODE -> {
                // the POST is our confirmation page's: once the code is right, Keycloak's own page follows
                if (CodeConfirmation.check(context, ceremony)) {
                    keycloak.requiredActionChallenge(context);
                }
            }
            case REFUSE -> CodeConfirmation.refuse(context, ceremony, verdict.reason(), "totpGuardMailLinkRefused");
        }
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return keycloak instanceof CredentialAction action ? action.getCredentialType(session, authSession) : null;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return keycloak.initiatedActionSupport();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        keycloak.initiatedActionCanceled(session, authSession);
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        keycloak.evaluateTriggers(context);
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return keycloak.getMaxAuthAge(session);
    }

    @Override
    public void close() {
        keycloak.close();
    }

    /** Keycloak's action registers credentials (recovery codes): Keycloak treats it as a registrator. */
    abstract static class Registrator extends GuardedAction implements CredentialRegistrator {
        Registrator(RequiredActionProvider keycloak) {
            super(keycloak);
        }
    }
}
