package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail hygiene, with real SMTP (the test framework's GreenMail): a streak of wrong codes mails the user once when its
 * first wait starts and once when the lockout starts, never per further failure (each wrong code after a wait starts a
 * longer wait, and each code after the lockout is refused, and the events say so); and a mail about an admin's action
 * names no IP address.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class LockoutMailIT {

    /** The admins' prompt: the demo realm's config of the execution users with role admin meet. */
    static final String ADMINS_FLOW = "totp-guard for admins";
    static final String ADMINS_CONFIG = "totp-guard window";
    static final String WAITING = "Several wrong one-time codes";
    static final String LOCKED = "Too many wrong one-time codes";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void aStreakMailsOnceForItsFirstWaitAndOnceForTheLockout() {
        // the default wait (5 failures, 30 s, doubling), the lockout at 8 failures: three waits, then the lockout
        assertEquals(ADMINS_CONFIG, Flows.setFormConfig(realm, ADMINS_FLOW, Map.of("totp-guard.lockout-after", "8")).getAlias());
        DemoRealm.bruteForceDetection(realm.admin(), false);
        int offset = 0;
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "streak");
            String email = device.username() + "@example.com";
            Mails.await(mail, email, m -> m.subject().contains("was added"));
            List<String> secrets = new ArrayList<>(List.of(HexFormat.of().formatHex(device.secret())));
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());

            for (int failure = 1; failure <= 5; failure++) {
                prompt = wrong(prompt, device, offset, secrets);
            }
            prompt = wrong(prompt, device, offset, secrets); // during the first wait: refused, not counted
            for (int wait : new int[]{30, 60, 120}) {
                offset += wait + 1;
                timeOffSet.set(offset);
                prompt = wrong(prompt, device, offset, secrets); // failures 6 and 7 wait longer, 8 locks
            }
            for (int i = 0; i < 3; i++) {
                prompt = wrong(prompt, device, offset, secrets); // locked: refused
            }

            // what the events carry: every failure that started a wait says so, the lockout once
            List<EventRepresentation> errors = DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR");
            assertEquals(3, errors.stream().filter(e -> "waiting".equals(e.getDetails().get("totp_started"))).count(),
                    "failures 5, 6 and 7 each started a wait");
            assertEquals(1, errors.stream().filter(e -> "locked".equals(e.getDetails().get("totp_started"))).count());

            // an admin action after the streak: its mail comes after any mail of the streak
            String userId = device.userId();
            String credentialId = device.credentialId();
            AdminApi api = new AdminApi(realm.getName());
            assertEquals(204, api.call("DELETE", "users/" + userId + "/devices/" + credentialId, api.masterAdminToken()).status());
            Mails.Mail removed = Mails.await(mail, email, m -> m.text().contains("An administrator removed"));

            List<Mails.Mail> streak = Mails.to(mail, email).stream()
                    .filter(m -> m.subject().equals("Wrong one-time codes for your account")).toList();
            assertEquals(2, streak.size(), () -> "one mail for the first wait, one for the lockout: "
                    + streak.stream().map(Mails.Mail::text).toList());
            assertEquals(1, streak.stream().filter(m -> m.text().contains(WAITING)).count(), "the first wait");
            assertEquals(1, streak.stream().filter(m -> m.text().contains(LOCKED)).count(), "the lockout");
            assertEquals(4, Mails.to(mail, email).size(), "added, first wait, lockout, removed by an administrator");

            assertNoAdminIp(removed, userId);
            Mails.assertNoSecretNoLink(Mails.received(mail), secrets);
        } finally {
            timeOffSet.set(0);
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    @Test
    void mailsAboutAnAdminsActionNameNoIpAddress() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "no-ip");
        String email = device.username() + "@example.com";
        String userId = device.userId();
        AdminApi api = new AdminApi(realm.getName());
        String token = api.masterAdminToken();
        AdminApi.Reply imported = api.call("POST", "users/" + userId + "/devices", token,
                "{\"seed\":\"" + Guesses.base32(Guesses.seed()) + "\",\"label\":\"token\"}");
        assertEquals(201, imported.status(), imported::toString);
        Mails.Mail importedMail = Mails.await(mail, email, m -> m.text().contains("An administrator added"));
        assertNoAdminIp(importedMail, userId);
        assertTrue(importedMail.text().contains("Device: token"), importedMail::text);
        assertTrue(importedMail.text().contains("Time: "), importedMail::text);

        assertEquals(200, api.call("POST", "users/" + userId + "/reset", token).status());
        Mails.Mail reset = Mails.await(mail, email, m -> m.subject().contains("reset"));
        assertNoAdminIp(reset, userId);
        AdminEventRepresentation event = AdminApi.adminEvent(realm.admin(), userId, "reset");
        assertTrue(reset.text().contains("Time: " + Mails.time(event.getTime())), "the time stays: " + reset.text());
        assertTrue(reset.text().contains("Done by: an administrator"), reset::text);

        // a mail about the user's own action still says where it came from
        Mails.Mail added = Mails.await(mail, email, m -> m.text().contains("Application: "));
        assertTrue(added.text().contains("IP address: "), added::text);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Neither the admin client's address (from the admin events) nor an IP line in the text or HTML part. */
    private void assertNoAdminIp(Mails.Mail mail, String userId) {
        List<String> ips = AdminApi.adminEvents(realm.admin(), userId).stream()
                .map(e -> e.getAuthDetails().getIpAddress()).distinct().toList();
        assertFalse(ips.isEmpty(), "the admin events name the admin's address");
        String body = mail.text() + "\n" + mail.html();
        for (String ip : ips) {
            assertNotNull(ip);
            assertFalse(body.contains(ip), () -> "the admin's address " + ip + " in the mail: " + body);
        }
        assertFalse(body.contains("127.0.0.1"), body);
        assertFalse(body.toLowerCase(Locale.ROOT).contains("ip address"), body);
    }

    /** One wrong code at the prompt, on the server's clock moved by {@code offset} seconds. */
    private static DemoRealm.Prompt wrong(DemoRealm.Prompt prompt, TotpDevice device, int offset, List<String> secrets) {
        String code = device.wrongCode(Codes.currentStep(30, offset), 12);
        secrets.add(code);
        return prompt.refused(code);
    }
}
