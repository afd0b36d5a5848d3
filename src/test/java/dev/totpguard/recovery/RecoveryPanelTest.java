package dev.totpguard.recovery;

import java.util.ArrayList;
import java.util.List;

import dev.totpguard.credential.DeviceView;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recovery part of the enrollment page (a user without a recovery code, without a server: RecoveryCodesIT does the rest). */
class RecoveryPanelTest {

    private static final RealmModel CODES_ON = Fakes.realm(List.of(
            Fakes.action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true), Fakes.action(RecoveryCodes.ACTION, true)), List.of());
    private static final RealmModel CODES_OFF = Fakes.realm(List.of(
            Fakes.action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true), Fakes.action(RecoveryCodes.ACTION, false)), List.of());

    @Test
    void twoCodesLeftOrFewerIsFew() {
        assertTrue(panel(0).isFewCodesLeft());
        assertTrue(panel(RecoveryPanel.FEW_CODES_LEFT).isFewCodesLeft());
        assertFalse(panel(RecoveryPanel.FEW_CODES_LEFT + 1).isFewCodesLeft());
        assertEquals(2, RecoveryPanel.FEW_CODES_LEFT, "the page's warning threshold");
    }

    @Test
    void theDevicesAreACopyThePageCannotChange() {
        List<DeviceView> devices = new ArrayList<>();
        RecoveryPanel panel = new RecoveryPanel(true, 4, devices, true, false, true);
        devices.add(null);
        assertEquals(List.of(), panel.getDevices());
        assertThrows(UnsupportedOperationException.class, () -> panel.getDevices().clear());
    }

    @Test
    void theGettersAreWhatItWasGiven() {
        RecoveryPanel panel = new RecoveryPanel(true, 4, List.of(), true, false, true);
        assertTrue(panel.isAfterRecoveryCode());
        assertEquals(4, panel.getCodesLeft());
        assertTrue(panel.isAtDeviceLimit());
        assertFalse(panel.isOfferCodes());
        assertTrue(panel.isRequireCodes());
    }

    @Test
    void thePanelOffersCodesToAUserWithoutAny() {
        RecoveryPanel offer = panel(CODES_ON, Fakes.user(0), RecoveryCodesAfterEnrollment.OFFER);
        assertTrue(offer.isOfferCodes());
        assertFalse(offer.isRequireCodes());
        RecoveryPanel require = panel(CODES_ON, Fakes.user(0), RecoveryCodesAfterEnrollment.REQUIRE);
        assertFalse(require.isOfferCodes());
        assertTrue(require.isRequireCodes(), "the page says recovery codes come next");
        RecoveryPanel off = panel(CODES_ON, Fakes.user(0), RecoveryCodesAfterEnrollment.OFF);
        assertFalse(off.isOfferCodes() || off.isRequireCodes());
    }

    @Test
    void thePanelOffersNothingToAUserWithCodesOrWhenKeycloaksActionIsOff() {
        RecoveryPanel withCodes = panel(CODES_ON, Fakes.user(3), RecoveryCodesAfterEnrollment.REQUIRE);
        assertFalse(withCodes.isOfferCodes() || withCodes.isRequireCodes());
        RecoveryPanel actionOff = panel(CODES_OFF, Fakes.user(0), RecoveryCodesAfterEnrollment.REQUIRE);
        assertFalse(actionOff.isOfferCodes() || actionOff.isRequireCodes());
    }

    @Test
    void withoutARecoveryCodeThePanelListsNoDevices() {
        RecoveryPanel panel = panel(CODES_ON, Fakes.user(3), RecoveryCodesAfterEnrollment.OFFER);
        assertFalse(panel.isAfterRecoveryCode());
        assertEquals(0, panel.getCodesLeft(), "codes left are shown after a recovery code only");
        assertEquals(List.of(), panel.getDevices());
        assertFalse(panel.isAtDeviceLimit());
    }

    private static RecoveryPanel panel(RealmModel realm, UserModel user, RecoveryCodesAfterEnrollment setting) {
        return RecoveryPanel.of(Fakes.requiredActionContext(new Fakes.AuthSession(), realm, user), 5, setting);
    }

    private static RecoveryPanel panel(int codesLeft) {
        return new RecoveryPanel(true, codesLeft, List.of(), false, false, false);
    }
}
