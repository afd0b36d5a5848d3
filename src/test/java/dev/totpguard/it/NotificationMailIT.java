package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mails the user receives (real SMTP: the test framework's GreenMail) when a device is added, removed, reset by an
 * admin, or a wait starts after wrong codes: each names the device, the time, and the client and IP address of the
 * user's request or "an administrator" (never the admin's IP address), says what to do, and carries no code, no seed
 * and no link. Realm attributes turn a kind off.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class NotificationMailIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @Test
    void enrollmentMailNamesDeviceTimeClientAndIpAndEscapesTheLabel() {
        String user = DemoRealm.createUser(realm.admin(), "mail-enroll", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, user);
        List<String> secrets = new ArrayList<>(List.of(DemoRealm.shownKey(enrollment)));
        String label = "phone <b>bold</b>";
        TotpDevice device = TotpDevice.enroll(browser, enrollment, user, label);
        secrets.add(HexFormat.of().formatHex(device.secret()));
        secrets.add(Codes.sha1(device.secret(), device.enrollmentStep()));

        EventRepresentation event = DemoRealm.onlyEvent(realm.admin(), user, "UPDATE_CREDENTIAL");
        Mails.Mail added = Mails.await(mail, email(user), m -> m.subject().contains("was added"));
        assertEquals("An authenticator device was added to your account", added.subject());
        assertTrue(added.text().contains("Device: " + label), added::text);
        assertTrue(added.text().contains("Time: " + Mails.time(event.getTime())), added::text);
        assertTrue(added.text().contains("Application: " + Browser.CLIENT_ID), added::text);
        assertNotNull(event.getIpAddress());
        assertTrue(added.text().contains("IP address: " + event.getIpAddress()), added::text);
        assertTrue(added.text().contains("If you did not add this device"), added::text);
        // the label is text in the HTML part, never markup
        assertTrue(added.html().contains("phone &lt;b&gt;bold&lt;/b&gt;"), added::html);
        assertFalse(added.html().contains("<b>bold"), added::html);

        secrets.addAll(signInOnce(user, device));
        Mails.assertNoSecretNoLink(Mails.received(mail), secrets);
        assertEquals(1, Mails.to(mail, email(user)).size(), "one mail: the sign-in itself sends none");
    }

    @Test
    void removalByTheUserAndByAnAdminAndAnAdminResetEachSendAMail() {
        String user = DemoRealm.createUser(realm.admin(), "mail-remove", true);
        String userId = DemoRealm.userId(realm.admin(), user);
        Browser browser = new Browser(realm.getBaseUrl());
        TotpDevice phone = TotpDevice.enroll(browser, DemoRealm.password(browser, user), user, "phone");
        List<String> secrets = phone.seedEncodings();
        AdminApi api = new AdminApi(realm.getName());
        String admin = api.masterAdminToken();

        // an admin imports two devices (hardware tokens): "added by an administrator"
        byte[] tokenSeed = Guesses.seed();
        byte[] spareSeed = Guesses.seed();
        for (Object[] imported : new Object[][]{{tokenSeed, "token"}, {spareSeed, "spare"}}) {
            String base32 = Guesses.base32((byte[]) imported[0]);
            secrets.add(base32);
            AdminApi.Reply reply = api.call("POST", "users/" + userId + "/devices", admin,
                    "{\"seed\":\"" + base32 + "\",\"label\":\"" + imported[1] + "\"}");
            assertEquals(201, reply.status(), reply::toString);
        }
        Mails.Mail importedMail = Mails.await(mail, email(user), m -> m.text().contains("Device: token"));
        assertTrue(importedMail.text().contains("An administrator added an authenticator device"), importedMail::text);
        assertTrue(importedMail.text().contains("Done by: an administrator"), importedMail::text);
        AdminEventRepresentation importEvent = adminEvent(userId, "CREATE", "token");
        assertTrue(importedMail.text().contains("Time: " + Mails.time(importEvent.getTime())), importedMail::text);
        assertFalse(importedMail.text().contains("IP address"), "an admin action names no IP address");
        assertFalse(importedMail.text().contains("Application:"), "an admin action names no client");

        // the user removes "phone" in the Account Console
        String phoneId = DemoRealm.devices(realm.admin(), user).stream().filter(d -> "phone".equals(d.getUserLabel()))
                .findFirst().orElseThrow().getId();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), user);
        String code = Codes.sha1(phone.secret(), phone.enrollmentStep() + 1);
        secrets.add(code);
        Browser.Page signedIn = prompt.browser().submit(prompt.page(), Map.of("selectedCredentialId", phoneId, "otp", code));
        assertTrue(signedIn.isRedirectToClient(), signedIn::toString);
        Browser.Page confirm = prompt.browser().openLogin("kc_action", "delete_credential:" + phoneId);
        assertTrue(prompt.browser().submit(confirm, Map.of("accept", "")).isRedirectToClient());
        EventRepresentation removed = DemoRealm.onlyEvent(realm.admin(), user, "REMOVE_CREDENTIAL");
        Mails.Mail byUser = Mails.await(mail, email(user), m -> m.subject().contains("removed"));
        assertEquals("An authenticator device was removed from your account", byUser.subject());
        assertTrue(byUser.text().contains("Device: phone"), byUser::text);
        assertTrue(byUser.text().contains("Time: " + Mails.time(removed.getTime())), byUser::text);
        assertTrue(byUser.text().contains("Application: " + removed.getClientId()), byUser::text);
        assertTrue(byUser.text().contains("IP address: " + removed.getIpAddress()), byUser::text);
        assertTrue(byUser.text().contains("If you did not ask for this, change your password"), byUser::text);

        // an admin removes "token" through the totp-guard API
        String tokenId = DemoRealm.devices(realm.admin(), user).stream().filter(d -> "token".equals(d.getUserLabel()))
                .findFirst().orElseThrow().getId();
        assertEquals(204, api.call("DELETE", "users/" + userId + "/devices/" + tokenId, admin).status());
        Mails.Mail byAdmin = Mails.await(mail, email(user), m -> m.text().contains("An administrator removed an authenticator device"));
        assertTrue(byAdmin.text().contains("Device: token"), byAdmin::text);
        assertTrue(byAdmin.text().contains("Done by: an administrator"), byAdmin::text);

        // an admin resets the user: every remaining device named
        assertEquals(200, api.call("POST", "users/" + userId + "/reset", admin).status());
        Mails.Mail reset = Mails.await(mail, email(user), m -> m.subject().contains("reset"));
        assertEquals("Your authenticator devices were reset", reset.subject());
        assertTrue(reset.text().contains("Device: spare"), reset::text);
        assertTrue(reset.text().contains("At your next sign-in you will set up a new one"), reset::text);
        AdminEventRepresentation resetEvent = adminEvent(userId, "ACTION", null);
        assertTrue(reset.text().contains("Time: " + Mails.time(resetEvent.getTime())), reset::text);
        assertFalse(reset.text().contains(resetEvent.getAuthDetails().getIpAddress()), "not the admin's IP address");

        assertEquals(6, Mails.to(mail, email(user)).size(), "enrolled, 2 imported, removed by user, by admin, reset");
        Mails.assertNoSecretNoLink(Mails.received(mail), secrets);
    }

    @Test
    void wrongCodesThatStartAWaitSendOneMail() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "mail-wait");
            Mails.await(mail, email(device.username()), m -> m.subject().contains("was added"));
            List<String> secrets = new ArrayList<>(List.of(HexFormat.of().formatHex(device.secret())));
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            Browser.Page page = prompt.page();
            for (int i = 0; i < 6; i++) {
                String wrong = device.wrongCode(Codes.currentStep(30), 12);
                secrets.add(wrong);
                page = prompt.browser().submit(page, Map.of("otp", wrong));
            }
            EventRepresentation started = DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR").stream()
                    .filter(e -> "waiting".equals(e.getDetails().get("totp_started"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no LOGIN_ERROR that started a wait"));
            Mails.Mail waiting = Mails.await(mail, email(device.username()), m -> m.subject().contains("Wrong one-time codes"));
            assertTrue(waiting.text().contains("Several wrong one-time codes"), waiting::text);
            assertTrue(waiting.text().contains("Device: phone"), waiting::text);
            assertTrue(waiting.text().contains("Time: " + Mails.time(started.getTime())), waiting::text);
            assertTrue(waiting.text().contains("Application: " + Browser.CLIENT_ID), waiting::text);
            assertTrue(waiting.text().contains("IP address: " + started.getIpAddress()), waiting::text);
            assertTrue(waiting.text().contains("someone knows your password"), waiting::text);
            assertEquals(2, Mails.to(mail, email(device.username())).size(), "added, then one for the wait (not one per failure)");
            Mails.assertNoSecretNoLink(Mails.received(mail), secrets);
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    @Test
    void realmAttributesTurnEachKindOff() {
        setAttributes(Map.of("totp-guard.notify.device-added", "false"));
        try {
            String user = DemoRealm.createUser(realm.admin(), "mail-off", true);
            String userId = DemoRealm.userId(realm.admin(), user);
            Browser browser = new Browser(realm.getBaseUrl());
            TotpDevice.enroll(browser, DemoRealm.password(browser, user), user, "phone");
            // a kind that is still on comes through; the switched-off one, sent before it, never did
            AdminApi api = new AdminApi(realm.getName());
            assertEquals(200, api.call("POST", "users/" + userId + "/reset", api.masterAdminToken()).status());
            Mails.await(mail, email(user), m -> m.subject().contains("reset"));
            assertEquals(1, Mails.to(mail, email(user)).size(), () -> "only the reset mail: " + Mails.to(mail, email(user)));

            setAttributes(Map.of("totp-guard.notify.device-added", "false", "totp-guard.notify.devices-reset", " FALSE "));
            String other = DemoRealm.createUser(realm.admin(), "mail-off2", true);
            Browser second = new Browser(realm.getBaseUrl());
            TotpDevice.enroll(second, DemoRealm.password(second, other), other, "phone");
            assertEquals(200, api.call("POST", "users/" + DemoRealm.userId(realm.admin(), other) + "/reset",
                    api.masterAdminToken()).status());
            String otherId = DemoRealm.userId(realm.admin(), other);
            String base32 = Guesses.base32(Guesses.seed());
            assertEquals(201, api.call("POST", "users/" + otherId + "/devices", api.masterAdminToken(),
                    "{\"seed\":\"" + base32 + "\",\"label\":\"token\"}").status());
            String tokenId = DemoRealm.devices(realm.admin(), other).get(0).getId();
            assertEquals(204, api.call("DELETE", "users/" + otherId + "/devices/" + tokenId, api.masterAdminToken()).status());
            Mails.await(mail, email(other), m -> m.subject().contains("removed"));
            assertEquals(1, Mails.to(mail, email(other)).size(), () -> "only the removal: " + Mails.to(mail, email(other)));
        } finally {
            setAttributes(Map.of());
        }
    }

    @Test
    void germanMailForAUserWithLocaleDe() {
        String user = DemoRealm.createUser(realm.admin(), "mail-de", true);
        UserRepresentation rep = realm.admin().users().get(DemoRealm.userId(realm.admin(), user)).toRepresentation();
        rep.singleAttribute("locale", "de");
        realm.admin().users().get(rep.getId()).update(rep);
        Browser browser = new Browser(realm.getBaseUrl());
        TotpDevice.enroll(browser, DemoRealm.password(browser, user), user, "Diensthandy");
        Mails.Mail added = Mails.await(mail, email(user), m -> true);
        assertEquals("Ein Authentifizierungsgerät wurde zu Ihrem Konto hinzugefügt", added.subject());
        assertTrue(added.text().contains("Gerät: Diensthandy"), added::text);
        assertTrue(added.text().contains("Anwendung: " + Browser.CLIENT_ID), added::text);
        assertTrue(added.text().contains("Wenn Sie dieses Gerät nicht hinzugefügt haben"), added::text);
        assertTrue(added.html().contains("Diensthandy"), added::html);
    }

    /**
     * Signs in once with the code of the step after enrollment (inside the window while the test runs within a minute
     * of enrolling); returns the code used.
     */
    private List<String> signInOnce(String user, TotpDevice device) {
        String code = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
        Browser.Page done = DemoRealm.prompt(realm.admin(), user).submit(code);
        assertTrue(done.isRedirectToClient(), done::toString);
        return List.of(code);
    }

    private void setAttributes(Map<String, String> notify) {
        RealmResource admin = realm.admin();
        RealmRepresentation rep = admin.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.keySet().removeIf(k -> k.startsWith("totp-guard.notify."));
        attributes.putAll(notify);
        rep.setAttributes(attributes);
        admin.update(rep);
    }

    /** The newest totp-guard admin event of the user with this operation (and device label, if given). */
    private AdminEventRepresentation adminEvent(String userId, String operation, String label) {
        return AdminApi.adminEvents(realm.admin(), userId).stream()
                .filter(e -> operation.equals(e.getOperationType()))
                .filter(e -> label == null || e.getRepresentation() != null && e.getRepresentation().contains("\"" + label + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no " + operation + " admin event"));
    }

    private String email(String username) {
        return username + "@example.com";
    }
}
