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
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/reset-password", Map.of()));
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/logout", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "UPDATE", "users/u1", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/totp-guard/unlock", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("CLIENT", "ACTION", "users/u1/logout", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", null, Map.of()));
    }

    @Test
    void removingADeviceEveryWayRevokes() {
        // Account Console delete_credential, Account REST DELETE account/credentials/{id}, the enrollment page
        assertTrue(RevocationTriggers.userEvent("REMOVE_CREDENTIAL", Map.of("credential_type", "totp-guard",
                "credential_id", "c1"), "POST", "/realms/r/login-actions/required-action"));
        assertTrue(RevocationTriggers.userEvent("REMOVE_CREDENTIAL", Map.of("credential_type", "totp-guard"), "DELETE",
                "/realms/r/account/credentials/c1"));
        assertFalse(RevocationTriggers.userEvent("REMOVE_CREDENTIAL", Map.of("credential_type", "totp-guard-remembered-browser"),
                "POST", "/x"), "removing one remembered browser is not a reason to remove the others");
        assertFalse(RevocationTriggers.userEvent("REMOVE_CREDENTIAL", Map.of("credential_type", "otp"), "POST", "/x"));
        assertFalse(RevocationTriggers.userEvent("REMOVE_CREDENTIAL", null, "POST", "/x"));

        // our admin API, and Keycloak's own credential removal (ACTION in Keycloak 26) for a totp-guard credential
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "DELETE", "users/u1/totp-guard/devices/c1", Map.of()));
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/credentials/c1",
                Map.of("credential_type", "totp-guard", "credential_id", "c1")));
        assertEquals(Optional.of("u1"), RevocationTriggers.adminEvent("USER", "DELETE", "users/u1/credentials/c1",
                Map.of("credential_type", "totp-guard")));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/credentials/c1",
                Map.of("credential_type", "password")));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/credentials/c1",
                Map.of("credential_type", "totp-guard-remembered-browser")));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/credentials/c1", null));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "CREATE", "users/u1/totp-guard/devices/c1", Map.of()),
                "an imported device revokes nothing");
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/totp-guard/devices/c1/seal", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "DELETE", "users/u1/totp-guard/remembered-browsers/b1", Map.of()));
        assertEquals(Optional.empty(), RevocationTriggers.adminEvent("USER", "ACTION", "users/u1/totp-guard/reset", Map.of()),
                "the reset revokes them itself");
    }

    @Test
    void aSignInWithARecoveryCodeRevokes() {
        assertTrue(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "recovery-authn-codes",
                "recovery_code_used", "true", "recovery_codes_left", "11"), "POST", "/realms/r/login-actions/authenticate"));
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "recovery-authn-codes"),
                "POST", "/x"), "a new set of recovery codes is no sign of a lost phone");
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "recovery-authn-codes",
                "recovery_code_used", "false"), "POST", "/x"));
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("recovery_code_used", "true"), "POST", "/x"),
                "only with the recovery codes' credential type");
        assertFalse(RevocationTriggers.userEvent("UPDATE_CREDENTIAL", Map.of("credential_type", "totp-guard",
                "credential_id", "c1"), "POST", "/x"), "a new device revokes nothing");
    }
}
