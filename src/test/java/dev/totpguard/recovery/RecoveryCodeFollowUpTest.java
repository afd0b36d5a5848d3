package dev.totpguard.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.guard.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step after a recovery code, as far as it goes without a server (the rest: RecoveryCodesIT). */
class RecoveryCodeFollowUpTest {

    private static final AuthenticationExecutionModel FORM = Fakes.execution("form", "recovery", RecoveryCodes.FORM);
    private static final AuthenticationExecutionModel STEP =
            Fakes.execution("step", "recovery", RecoveryCodeFollowUpFactory.PROVIDER_ID);
    private static final RealmModel REALM = Fakes.realm(List.of(
            Fakes.action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true)), List.of(FORM, STEP));

    @Test
    void theFactoryRegistersTheSameStep() {
        RecoveryCodeFollowUpFactory factory = new RecoveryCodeFollowUpFactory();
        assertEquals("totp-guard-after-recovery-code", factory.getId());
        assertEquals("TOTP Guard: after a recovery code", factory.getDisplayType());
        assertArrayEquals(new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED}, factory.getRequirementChoices());
        assertTrue(factory.isConfigurable());
        assertFalse(factory.isUserSetupAllowed());
        assertEquals(PolicyConfig.LEVEL_PROPERTIES, factory.getConfigProperties(), "the level of authentication only");
        assertSame(factory.create(null), factory.create(null));
    }

    @Test
    void itIsNoCredentialOfItsOwn() {
        RecoveryCodeFollowUp step = (RecoveryCodeFollowUp) new RecoveryCodeFollowUpFactory().create(null);
        assertTrue(step.requiresUser());
        assertTrue(step.configuredFor(null, REALM, Fakes.user(0)), "never keeps its sub-flow from counting as configured");
    }

    @Test
    void withoutASuccessfulRecoveryCodeFormItPassesAndDoesNothing() {
        for (Map<String, AuthenticationSessionModel.ExecutionStatus> statuses : List.of(
                Map.<String, AuthenticationSessionModel.ExecutionStatus>of(),
                Map.of(FORM.getId(), AuthenticationSessionModel.ExecutionStatus.CHALLENGED),
                Map.of(FORM.getId(), AuthenticationSessionModel.ExecutionStatus.FAILED))) {
            Fakes.AuthSession authSession = new Fakes.AuthSession();
            authSession.statuses.putAll(statuses);
            List<String> answers = new ArrayList<>();
            new RecoveryCodeFollowUpFactory().create(null)
                    .authenticate(Fakes.flowContext(authSession, REALM, Fakes.user(3), STEP, answers));
            assertEquals(List.of("success"), answers, statuses.toString());
            assertFalse(AfterRecoveryCode.in(authSession.model()), "no lost-phone path");
            assertTrue(authSession.requiredActions.isEmpty(), "no enrollment");
        }
    }

    @Test
    void aRecoveryCodeFormOfAnotherSubFlowDoesNotCount() {
        Fakes.AuthSession authSession = new Fakes.AuthSession();
        AuthenticationExecutionModel elsewhere = Fakes.execution("other-form", "other-flow", RecoveryCodes.FORM);
        authSession.statuses.put(elsewhere.getId(), AuthenticationSessionModel.ExecutionStatus.SUCCESS);
        RealmModel realm = Fakes.realm(List.of(), List.of(elsewhere, STEP));
        List<String> answers = new ArrayList<>();
        new RecoveryCodeFollowUpFactory().create(null)
                .authenticate(Fakes.flowContext(authSession, realm, Fakes.user(3), STEP, answers));
        assertEquals(List.of("success"), answers);
        assertFalse(AfterRecoveryCode.in(authSession.model()));
    }
}
