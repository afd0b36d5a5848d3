package dev.totpguard.login;

import java.util.EnumSet;
import java.util.Set;

import dev.totpguard.guard.Attempt;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What the sign-in steps answer, for every outcome: the prompt tells a user only what they can act on (the server's
 * fault, or "type the next code") and reads the same for every other refusal; the direct grant takes exactly one code.
 */
class SignInAnswersTest {

    private static SignInAttempt checked(Attempt.Outcome outcome) {
        return new SignInAttempt(null, new Attempt(outcome, "d1", null, 0L, 0, 0, Attempt.Transition.NONE), null);
    }

    @Test
    void thePromptSaysTheSameForEveryRefusalAnAttackerCouldLearnFrom() {
        Set<Attempt.Outcome> own = EnumSet.of(Attempt.Outcome.RESYNC_REQUIRED, Attempt.Outcome.UNAVAILABLE,
                Attempt.Outcome.UNSEALED);
        for (Attempt.Outcome outcome : Attempt.Outcome.values()) {
            if (outcome.success() || own.contains(outcome)) {
                continue;
            }
            assertEquals(TotpGuardFormAuthenticator.INVALID_CODE, TotpGuardFormAuthenticator.message(checked(outcome)),
                    outcome.name());
        }
        assertEquals(TotpGuardFormAuthenticator.NEXT_CODE,
                TotpGuardFormAuthenticator.message(checked(Attempt.Outcome.RESYNC_REQUIRED)));
        assertEquals(TotpGuardFormAuthenticator.UNAVAILABLE,
                TotpGuardFormAuthenticator.message(checked(Attempt.Outcome.UNAVAILABLE)));
        assertEquals(TotpGuardFormAuthenticator.UNAVAILABLE,
                TotpGuardFormAuthenticator.message(checked(Attempt.Outcome.UNSEALED)));
    }

    @Test
    void aRealmLockReadsAsAWrongCodeAndAnInvalidConfigAsTheServersFault() {
        assertEquals(TotpGuardFormAuthenticator.INVALID_CODE, TotpGuardFormAuthenticator.message(
                new SignInAttempt(SignInAttempt.Refusal.REALM_LOCK, null, null)));
        assertEquals(TotpGuardFormAuthenticator.UNAVAILABLE, TotpGuardFormAuthenticator.message(
                new SignInAttempt(SignInAttempt.Refusal.CONFIG_INVALID, null, null)));
    }

    @Test
    void theDirectGrantTakesExactlyOneCodeFromTotpOrOtp() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        assertNull(TotpGuardDirectGrantAuthenticator.code(form), "none");
        form.add("totp", "123456");
        assertEquals("123456", TotpGuardDirectGrantAuthenticator.code(form));
        form.add("otp", "654321");
        assertNull(TotpGuardDirectGrantAuthenticator.code(form), "one in each parameter is two: malformed, not a choice");
        form.remove("totp");
        assertEquals("654321", TotpGuardDirectGrantAuthenticator.code(form), "otp alone, as Keycloak's own step names it");
        form.add("otp", "111111");
        assertNull(TotpGuardDirectGrantAuthenticator.code(form), "a repeated parameter is malformed, not a second chance");
    }
}
