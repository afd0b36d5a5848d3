package dev.totpguard.it;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices first: in the demo realm's sub-flow "totp-guard code or recovery code" (our prompt and Keycloak's
 * recovery-code form, ALTERNATIVE), Keycloak starts with the alternative whose credential comes first in the user's
 * credential order. A user with a device gets the code prompt first, whichever was created first, and "Try another way"
 * leads to the recovery-code form.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class DevicesFirstIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void deviceBeforeRecoveryCodes() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "device-first");
        assertPromptFirstAndRecoveryCodesOneClickAway(member.username());
    }

    @Test
    void recoveryCodesBeforeAnImportedDevice() {
        DemoRealm.SignedIn signedIn = DemoRealm.passwordOnly(realm, "codes-first");
        String user = signedIn.username();
        String userId = DemoRealm.userId(realm.admin(), user);
        Browser browser = signedIn.browser();
        RecoveryCodePages.Saved codes = RecoveryCodePages.save(browser,
                browser.openLogin("kc_action", "CONFIGURE_RECOVERY_AUTHN_CODES"));
        assertTrue(codes.next().isRedirectToClient(), () -> "recovery codes saved, got " + codes.next());
        TotpDevice.importedFor(realm, user);
        assertEquals(List.of("password", "totp-guard", "recovery-authn-codes"), types(userId),
                "the imported device is ordered before the older recovery codes");
        assertPromptFirstAndRecoveryCodesOneClickAway(user);
    }

    @Test
    void importedDeviceAfterRecoveryCodesThenTheOlderDeviceRemoved() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "new-phone");
        String oldId = member.device().credentialId();
        TotpDevice.importedFor(realm, member.username());
        realm.admin().users().get(member.userId()).removeCredential(oldId);
        assertEquals(List.of("password", "totp-guard", "recovery-authn-codes"), types(member.userId()));
        assertPromptFirstAndRecoveryCodesOneClickAway(member.username());
    }

    private void assertPromptFirstAndRecoveryCodesOneClickAway(String username) {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page first = DemoRealm.password(browser, username);
        assertTrue(first.isCodePrompt(), () -> "the code prompt first, got " + first);
        Browser.Page input = RecoveryCodePages.tryAnotherWay(browser, first);
        assertTrue(RecoveryCodePages.isInput(input), () -> "'Try another way' reaches the recovery-code form, got " + input);
    }

    /** The types of the user's credentials in the user's order (Keycloak's credential priority). */
    private List<String> types(String userId) {
        return realm.admin().users().get(userId).credentials().stream().map(CredentialRepresentation::getType).toList();
    }
}
