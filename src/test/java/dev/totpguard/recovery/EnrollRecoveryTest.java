package dev.totpguard.recovery;

import java.util.List;
import java.util.Set;

import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.RealmModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When enrollment chains Keycloak's recovery-codes action, and the lost device's removal (no server). */
class EnrollRecoveryTest {

    private static final RealmModel CODES_ON = Fakes.realm(List.of(
            Fakes.action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true), Fakes.action(RecoveryCodes.ACTION, true)), List.of());
    private static final RealmModel CODES_OFF = Fakes.realm(List.of(
            Fakes.action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true), Fakes.action(RecoveryCodes.ACTION, false)), List.of());

    @ParameterizedTest(name = "{0}, box {1}, codes left {2}, after a recovery code {3}: chained {4}")
    @CsvSource({
            // a user without recovery codes
            "OFF,     on,  0, false, false",
            "OFFER,   on,  0, false, true",
            "OFFER,   off, 0, false, false",
            "OFFER,   ,    0, false, false",
            "REQUIRE, ,    0, false, true",
            // a user with codes left: nothing, whatever the setting says
            "REQUIRE, ,    5, false, false",
            "OFFER,   on,  5, false, false",
            // a user who just used one: a fresh set replaces what is left
            "REQUIRE, ,    5, true,  true",
            "OFFER,   on,  5, true,  true",
            "OFF,     on,  5, true,  false",
    })
    void chainsKeycloaksActionWhenTheSettingAndTheUserSaySo(RecoveryCodesAfterEnrollment setting, String box, int left,
                                                          boolean afterRecoveryCode, boolean chained) {
        Fakes.AuthSession authSession = new Fakes.AuthSession();
        if (afterRecoveryCode) {
            AfterRecoveryCode.mark(authSession.model(), left);
        }
        EnrollRecovery.chainRecoveryCodes(Fakes.requiredActionContext(authSession, CODES_ON, Fakes.user(left)), setting,
                form(box));
        assertEquals(chained ? Set.of(RecoveryCodes.ACTION) : Set.of(), authSession.requiredActions);
    }

    @Test
    void chainsNothingWhenKeycloaksActionIsOff() {
        Fakes.AuthSession authSession = new Fakes.AuthSession();
        EnrollRecovery.chainRecoveryCodes(Fakes.requiredActionContext(authSession, CODES_OFF, Fakes.user(0)),
                RecoveryCodesAfterEnrollment.REQUIRE, form(null));
        assertEquals(Set.of(), authSession.requiredActions, "a warning in the log instead");
    }

    @Test
    void chainsKeycloaksActionOnce() {
        Fakes.AuthSession authSession = new Fakes.AuthSession();
        authSession.requiredActions.add(RecoveryCodes.ACTION);
        EnrollRecovery.chainRecoveryCodes(Fakes.requiredActionContext(authSession, CODES_ON, Fakes.user(0)),
                RecoveryCodesAfterEnrollment.REQUIRE, form(null));
        assertEquals(Set.of(RecoveryCodes.ACTION), authSession.requiredActions);
    }

    @Test
    void aRemoveFieldWithoutARecoveryCodeIsIgnored() {
        Fakes.AuthSession authSession = new Fakes.AuthSession();
        // the user fake has no credentials but recovery codes: a removal would throw
        EnrollRecovery.removeDevice(Fakes.requiredActionContext(authSession, CODES_ON, Fakes.user(3)), "device-1");
        assertEquals(Set.of(), authSession.requiredActions);
    }

    private static MultivaluedMap<String, String> form(String box) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (box != null) {
            form.add(EnrollRecovery.FIELD_RECOVERY_CODES, box);
        }
        return form;
    }
}
