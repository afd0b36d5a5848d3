package dev.totpguard.recovery;

import org.junit.jupiter.api.Test;
import org.keycloak.sessions.AuthenticationSessionModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AfterRecoveryCodeTest {

    @Test
    void markedUntilANewDeviceIsSetUp() {
        Fakes.AuthSession notes = new Fakes.AuthSession();
        AuthenticationSessionModel authSession = notes.model();
        assertFalse(AfterRecoveryCode.in(authSession));
        AfterRecoveryCode.mark(authSession, 0);
        assertTrue(AfterRecoveryCode.in(authSession), "also with no codes left");
        assertEquals("0", notes.notes.get("totp-guard.after-recovery-code"), "the note and its value, as before");
        AfterRecoveryCode.clear(authSession);
        assertFalse(AfterRecoveryCode.in(authSession));
    }
}
