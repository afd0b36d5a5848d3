package dev.totpguard.remember;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevocationTriggersTest {

    @Test
    void passwordChangesRevoke() {
        assertTrue(RevocationTriggers.userEvent("UPDATE_PASSWORD", Map.of(), "POST", "/realms/r/login-actions/required-action"));
        assertTrue(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "password"), "POST", "/x"));
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "totp-guard"), "POST", "/x"));
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", null, "POST", "/x"));
    }

    @Test
    void onlyTheAccountConsolesSignOutOfAllSessionsRevokesOnLogout() {
        assertTrue(RevocationTriggers.userEvent("LOGOUT", Map.of(), "DELETE", "/realms/totp-demo/account/sessions"));
        assertFalse(RevocationTriggers.userEvent("LOGOUT", Map.of(), "DELETE", "/realms/totp-demo/account/sessions/abc"),
                "signing out one session is not signing out everywhere");
        assertFalse(RevocationTriggers.userEvent("LOGOUT", Map.of(), "GET", "/realms/totp-demo/protocol/openid-connect/logout"),
                "an ordinary sign-out keeps the remembered browsers");
        assertFalse(RevocationTriggers.userEvent("LOGOUT", Map.of(), null, null));
        assertFalse(RevocationTriggers.userEvent("LOGIN", Map.of(), "DELETE", "/realms/totp-demo/account/sessions"));
    }

    @Test
    void adminPasswordResetAndSignOutRevoke() {
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/reset-password"));
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/logout"));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "UPDATE", "users/u1"));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/totp-guard/unlock"));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("CLIENT", "ACTION", "users/u1/logout"));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", null));
    }
}
