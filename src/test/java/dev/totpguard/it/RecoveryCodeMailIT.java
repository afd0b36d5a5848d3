package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sign-in with a recovery code ("Try another way" on the demo realm's prompt, Keycloak's recovery-code form, then
 * totp-guard's step that marks the {@code LOGIN} event with {@code recovery_code_used=true} and
 * {@code recovery_codes_left=N}) mails the user, saying how many codes are left, without any code. The mail goes out
 * when the sign-in completes, after the new device is set up.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class RecoveryCodeMailIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @Test
    void signInWithARecoveryCodeSendsAMailWithTheCodesLeftAndNoCode() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "mail-recovery");
        List<String> codes = member.codes();

        Browser signIn = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(signIn, member.username());
        Browser.Page enrollment = RecoveryCodePages.answer(signIn, RecoveryCodePages.tryAnotherWay(signIn, prompt), codes);
        assertTrue(enrollment.isEnrollment(), enrollment::toString);
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        Browser.Page signedIn = signIn.submitForm(enrollment, "kc-totp-guard-enroll-form",
                Map.of("otp", Codes.sha1(secret, Codes.currentStep(30)), "userLabel", "new phone"));
        assertTrue(signedIn.isRedirectToClient(), signedIn::toString);

        Mails.Mail notice = Mails.await(mail, member.username() + "@example.com", m -> m.subject().contains("recovery code"));
        assertEquals("A recovery code was used to sign in to your account", notice.subject());
        assertTrue(notice.text().contains("You have " + (codes.size() - 1) + " recovery codes left."), notice::text);
        assertTrue(notice.text().contains("Application: " + Browser.CLIENT_ID), notice::text);
        assertTrue(notice.text().contains("create new recovery codes"), notice::text);
        List<String> secrets = new ArrayList<>(codes);
        secrets.addAll(codes.stream().map(c -> c.replace("-", "")).toList());
        Mails.assertNoSecretNoLink(Mails.received(mail), secrets);
    }
}
