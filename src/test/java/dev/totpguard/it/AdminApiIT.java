package dev.totpguard.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin REST API at {@code /admin/realms/{realm}/totp-guard} against the real server: as a realm admin (helpdesk
 * with view-users and manage-users), a viewer (view-users only), an ordinary user and nobody; bad ids; admin events.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class AdminApiIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    private AdminApi api;
    private String helpdeskId;
    private String helpdesk;
    private String viewer;
    private String member;

    @BeforeEach
    void callers() {
        AdminApi.ensureClient(realm.admin());
        api = new AdminApi(realm.getName());
        String helpdeskName = AdminApi.staffUser(realm.admin(), "helpdesk", "view-users", "manage-users");
        helpdeskId = DemoRealm.userId(realm.admin(), helpdeskName);
        helpdesk = api.token(helpdeskName);
        viewer = api.token(AdminApi.staffUser(realm.admin(), "viewer", "view-users"));
        member = api.token(AdminApi.staffUser(realm.admin(), "member"));
    }

    @Test
    void statusListsDevicesWithParametersAndCountersButNoSecret() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "status");
        String userId = device.userId();

        AdminApi.Reply reply = api.call("GET", "users/" + userId, helpdesk);
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.isJson(), reply.contentType());
        JsonNode status = reply.json();
        assertEquals(userId, status.get("userId").asText());
        assertEquals(device.username(), status.get("username").asText());
        assertEquals("totp-guard", status.get("credentialType").asText());
        assertFalse(status.get("enrollmentRequired").asBoolean());
        assertEquals(100, status.get("lockoutAfter").asInt(), "the demo flows use the default lockout");
        assertFalse(status.get("realmLock").get("temporarilyLocked").asBoolean());
        assertEquals(1, status.get("devices").size());
        JsonNode d = status.get("devices").get(0);
        assertEquals(DemoRealm.devices(realm.admin(), device.username()).get(0).getId(), d.get("id").asText());
        assertEquals("phone", d.get("label").asText());
        assertTrue(Math.abs(d.get("created").asLong() - System.currentTimeMillis()) < 600_000, "created recently");
        assertEquals("SHA1", d.get("algorithm").asText());
        assertEquals(6, d.get("digits").asInt());
        assertEquals(30, d.get("period").asInt());
        assertTrue(d.get("lastUsed").isNull(), "never used to sign in yet");
        assertEquals(0, d.get("drift").asInt());
        assertEquals(0, d.get("consecutiveFailures").asInt());
        assertTrue(d.get("waitUntil").isNull());
        assertEquals("active", d.get("state").asText());

        // after a sign-in the last use shows
        assertTrue(DemoRealm.prompt(realm.admin(), device.username())
                .submit(Codes.sha1(device.secret(), device.enrollmentStep() + 1)).isRedirectToClient());
        JsonNode used = api.call("GET", "users/" + userId, viewer).json().get("devices").get(0);
        assertTrue(used.get("lastUsed").asLong() > 0, "last use recorded");

        AdminApi.assertNoSecret("status", reply.body(), device.seedEncodings());
        System.out.println("[figures] status: " + reply.body().replace(userId, "<userId>"));
    }

    @Test
    void readsNeedViewRightsChangesNeedManageRightsAndCallersNeedATokenAtAll() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "perm");
        String userId = device.userId();
        String credentialId = device.credentialId();
        List<String[]> reads = List.of(new String[]{"GET", "users/" + userId}, new String[]{"GET", "summary"});
        List<String[]> changes = List.of(
                new String[]{"DELETE", "users/" + userId + "/devices/" + credentialId},
                new String[]{"POST", "users/" + userId + "/reset"},
                new String[]{"POST", "users/" + userId + "/unlock"});
        List<String> figures = new ArrayList<>();
        for (String[] call : concat(reads, changes)) {
            AdminApi.Reply anonymous = api.call(call[0], call[1], null);
            assertEquals(401, anonymous.status(), () -> call[0] + " " + call[1] + " anonymously: " + anonymous);
            AdminApi.Reply ordinary = api.call(call[0], call[1], member);
            assertEquals(403, ordinary.status(), () -> call[0] + " " + call[1] + " as an ordinary user: " + ordinary);
            AdminApi.assertNoSecret("403 body", ordinary.body(), device.seedEncodings());
            figures.add(call[0] + " " + call[1].replace(userId, "{id}").replace(credentialId, "{cid}") + ": anonymous "
                    + anonymous.status() + ", ordinary " + ordinary.status());
        }
        for (String[] call : reads) {
            AdminApi.Reply reply = api.call(call[0], call[1], viewer);
            assertEquals(200, reply.status(), () -> call[0] + " " + call[1] + " with view-users: " + reply);
        }
        for (String[] call : changes) {
            AdminApi.Reply reply = api.call(call[0], call[1], viewer);
            assertEquals(403, reply.status(), () -> call[0] + " " + call[1] + " with view-users only: " + reply);
        }
        assertEquals(1, DemoRealm.devices(realm.admin(), device.username()).size(), "refused calls changed nothing");
        assertTrue(AdminApi.adminEvents(realm.admin(), userId).isEmpty(), "refused calls record no admin event");
        System.out.println("[figures] permissions: " + figures);
    }

    @Test
    void unknownIdsGive404WithAJsonErrorAndNever5xx() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "ids");
        String userId = device.userId();
        List<String> badUsers = List.of(UUID.randomUUID().toString(), "not-a-user", "f:nope:x", "x".repeat(300));
        for (String bad : badUsers) {
            for (String[] call : List.of(new String[]{"GET", "users/" + bad}, new String[]{"POST", "users/" + bad + "/reset"},
                    new String[]{"POST", "users/" + bad + "/unlock"},
                    new String[]{"DELETE", "users/" + bad + "/devices/" + UUID.randomUUID()})) {
                AdminApi.Reply reply = api.call(call[0], call[1], helpdesk);
                assertEquals(404, reply.status(), () -> call[0] + " " + call[1] + ": " + reply);
                assertTrue(reply.isJson(), () -> "JSON error body, got " + reply.contentType());
                assertEquals("User not found", reply.json().get("errorMessage").asText());
                // an ordinary user cannot probe for ids: 403 whether or not the user exists
                assertEquals(403, api.call(call[0], call[1], member).status());
            }
        }
        for (String badDevice : List.of(UUID.randomUUID().toString(), "not-a-device")) {
            AdminApi.Reply reply = api.call("DELETE", "users/" + userId + "/devices/" + badDevice, helpdesk);
            assertEquals(404, reply.status(), reply::toString);
            assertTrue(reply.isJson());
            assertEquals("Device not found", reply.json().get("errorMessage").asText());
        }
        // another user's device id is not this user's device
        TotpDevice other = DemoRealm.enrolledAdmin(realm.admin(), "ids-other");
        String othersDevice = other.credentialId();
        assertEquals(404, api.call("DELETE", "users/" + userId + "/devices/" + othersDevice, helpdesk).status());
        assertEquals(1, DemoRealm.devices(realm.admin(), other.username()).size(), "the other user's device stays");

        AdminApi.Reply badMax = api.call("GET", "summary?max=lots", helpdesk);
        assertEquals(400, badMax.status(), badMax::toString);
        assertTrue(badMax.isJson());
        assertTrue(badMax.json().get("errorMessage").asText().contains("max"));
        assertEquals(1, DemoRealm.devices(realm.admin(), device.username()).size());
    }

    @Test
    void removingADeviceDeletesItAndRecordsADeleteAdminEvent() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "remove");
        String userId = device.userId();
        String credentialId = device.credentialId();

        AdminApi.Reply reply = api.call("DELETE", "users/" + userId + "/devices/" + credentialId, helpdesk);
        assertEquals(204, reply.status(), reply::toString);
        assertTrue(DemoRealm.devices(realm.admin(), device.username()).isEmpty(), "the device is gone");
        assertEquals(0, api.call("GET", "users/" + userId, helpdesk).json().get("devices").size());
        assertEquals(404, api.call("DELETE", "users/" + userId + "/devices/" + credentialId, helpdesk).status(),
                "removing it again: not found");

        // its codes fail at once: the next sign-in (realm role admin, no device) asks to enroll, not for a code
        Browser browser = new Browser(realm.getBaseUrl());
        assertTrue(DemoRealm.password(browser, device.username()).isEnrollment(), "no device left to sign in with");

        List<AdminEventRepresentation> events = AdminApi.adminEvents(realm.admin(), userId);
        assertEquals(1, events.size(), "one admin event for one removal");
        AdminEventRepresentation event = events.get(0);
        assertEquals("DELETE", event.getOperationType());
        assertEquals("USER", event.getResourceType());
        assertEquals("users/" + userId + "/totp-guard/devices/" + credentialId, event.getResourcePath());
        assertEquals(helpdeskId, event.getAuthDetails().getUserId(), "the admin who did it");
        JsonNode rep = AdminApi.representation(event);
        assertEquals("totp-guard", rep.get("credentialType").asText());
        assertEquals("remove-device", rep.get("action").asText());
        assertEquals(credentialId, rep.get("credentialId").asText());
        assertEquals("phone", rep.get("userLabel").asText());
        assertEquals("totp-guard", event.getDetails().get("credential_type"));
        assertEquals(credentialId, event.getDetails().get("credential_id"));
        assertEquals("phone", event.getDetails().get("credential_user_label"));
        AdminApi.assertNoSecret("admin event", event.getRepresentation() + event.getDetails(), device.seedEncodings());
        System.out.println("[figures] admin event: " + event.getOperationType() + " " + event.getResourceType() + " "
                + event.getResourcePath().replace(userId, "{id}").replace(credentialId, "{cid}") + " "
                + event.getRepresentation().replace(credentialId, "{cid}"));
    }

    @Test
    void sealIsForUnsealedDevicesOnlyAndNeedsManageRights() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "seal");
        String userId = device.userId();
        String credentialId = device.credentialId();
        String path = "users/" + userId + "/devices/" + credentialId + "/seal";

        assertEquals(403, api.call("POST", path, viewer).status(), "view rights do not seal");
        assertEquals(401, api.call("POST", path, null).status());
        assertEquals(404, api.call("POST", "users/" + userId + "/devices/nope/seal", helpdesk).status());
        AdminApi.Reply sealed = api.call("POST", path, helpdesk);
        assertEquals(409, sealed.status(), "an enrolled device is sealed already: " + sealed);
        assertTrue(AdminApi.adminEvents(realm.admin(), userId).isEmpty(), "nothing changed, no admin event");
        assertEquals("active", api.call("GET", "users/" + userId, helpdesk).json().get("devices").get(0)
                .get("state").asText());
    }

    @Test
    void resetRemovesEveryDeviceAndRequiresEnrollmentAtTheNextSignIn() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "reset");
        String userId = device.userId();
        String first = device.credentialId();
        // a second device, added by the user (application-initiated action, as the Account Console does)
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, device.username());
        assertTrue(browser.submit(prompt, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)))
                .isRedirectToClient());
        TotpDevice tablet = TotpDevice.enroll(browser, browser.openLogin("kc_action", "totp-guard-enroll"), device.username(), "tablet");
        assertEquals(2, DemoRealm.devices(realm.admin(), device.username()).size());
        String second = DemoRealm.devices(realm.admin(), device.username()).stream()
                .filter(c -> !c.getId().equals(first)).findFirst().orElseThrow().getId();

        AdminApi.Reply reply = api.call("POST", "users/" + userId + "/reset", helpdesk);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(0, reply.json().get("devices").size());
        assertTrue(reply.json().get("enrollmentRequired").asBoolean(), "enrollment required at the next sign-in");
        assertTrue(DemoRealm.devices(realm.admin(), device.username()).isEmpty());
        assertTrue(realm.admin().users().get(userId).toRepresentation().getRequiredActions().contains("totp-guard-enroll"));

        Browser next = new Browser(realm.getBaseUrl());
        Browser.Page page = DemoRealm.password(next, device.username());
        assertTrue(page.isEnrollment(), () -> "the next sign-in enrolls a new device, got " + page);

        AdminEventRepresentation event = onlyActionEvent(userId, "reset");
        JsonNode rep = AdminApi.representation(event);
        assertEquals("totp-guard-enroll", rep.get("requiredAction").asText());
        assertEquals(2, rep.get("devices").size());
        List<String> removedIds = new ArrayList<>();
        List<String> removedLabels = new ArrayList<>();
        rep.get("devices").forEach(d -> {
            removedIds.add(d.get("credentialId").asText());
            removedLabels.add(d.get("userLabel").asText());
        });
        assertTrue(removedIds.containsAll(List.of(first, second)), removedIds::toString);
        assertTrue(removedLabels.containsAll(List.of("phone", "tablet")), removedLabels::toString);
        List<String> secrets = device.seedEncodings();
        secrets.add(tablet.base32());
        AdminApi.assertNoSecret("admin event", event.getRepresentation(), secrets);
        AdminApi.assertNoSecret("reset reply", reply.body(), secrets);
    }

    @Test
    void resetIsRefusedAndChangesNothingWhileTheEnrollmentActionIsDisabled() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "reset-off");
        String userId = device.userId();
        RequiredActions.turnOff(realm, RequiredActions.ENROLL);
        AdminApi.Reply reply = api.call("POST", "users/" + userId + "/reset", helpdesk);
        assertEquals(409, reply.status(), reply::toString);
        assertTrue(reply.isJson());
        assertTrue(reply.json().get("errorMessage").asText().contains("totp-guard-enroll"));
        assertEquals(1, DemoRealm.devices(realm.admin(), device.username()).size(), "the device stays");
        assertTrue(AdminApi.adminEvents(realm.admin(), userId).isEmpty(), "nothing happened, nothing recorded");
    }

    @Test
    void unlockResetsTheDeviceCountersSoTheRightCodeWorksAgain() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "unlock");
            String userId = device.userId();
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            Browser.Page page = prompt.page();
            String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
            for (int i = 0; i < 5; i++) {
                page = prompt.browser().submit(page, Map.of("otp", wrong));
            }
            JsonNode waiting = api.call("GET", "users/" + userId, viewer).json().get("devices").get(0);
            assertEquals("waiting", waiting.get("state").asText(), waiting::toString);
            assertEquals(5, waiting.get("consecutiveFailures").asInt());
            assertTrue(waiting.get("waitUntil").asLong() > System.currentTimeMillis());
            assertEquals(waiting.get("waitUntil"), waiting.get("blockedUntil"), "the name before 0.2.0 is still served");

            JsonNode summary = api.call("GET", "summary", viewer).json();
            assertTrue(summary.get("waitingDevices").asLong() >= 1, summary::toString);
            boolean listed = false;
            for (JsonNode entry : summary.get("attention")) {
                listed |= userId.equals(entry.get("userId").asText())
                        && "waiting".equals(entry.get("device").get("state").asText())
                        && device.username().equals(entry.get("username").asText());
            }
            assertTrue(listed, () -> "the waiting device is listed in the summary: " + summary);

            AdminApi.Reply reply = api.call("POST", "users/" + userId + "/unlock", helpdesk);
            assertEquals(200, reply.status(), reply::toString);
            JsonNode unlocked = reply.json().get("devices").get(0);
            assertEquals("active", unlocked.get("state").asText());
            assertEquals(0, unlocked.get("consecutiveFailures").asInt());
            assertTrue(unlocked.get("waitUntil").isNull());

            Browser.Page in = prompt.browser().submit(page, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
            assertTrue(in.isRedirectToClient(), () -> "the right code works at once after the unlock, got " + in);

            AdminEventRepresentation event = onlyActionEvent(userId, "unlock");
            JsonNode rep = AdminApi.representation(event);
            assertEquals(1, rep.get("devices").size());
            assertEquals("phone", rep.get("devices").get(0).get("userLabel").asText());
            assertFalse(rep.get("realmLockCleared").asBoolean());
            List<String> secrets = device.seedEncodings();
            secrets.add(wrong);
            AdminApi.assertNoSecret("admin event", event.getRepresentation(), secrets);
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    @Test
    void unlockAlsoClearsKeycloaksBruteForceLockOfTheUser() throws Exception {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "unlock-realm");
        String userId = device.userId();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        Browser.Page page = prompt.page();
        String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
        // two failures within the realm's quick-login check lock the user for a minute
        page = prompt.browser().submit(page, Map.of("otp", wrong));
        page = prompt.browser().submit(page, Map.of("otp", wrong));
        assertTrue(DemoRealm.awaitRealmLock(realm.admin(), userId), "Keycloak's brute-force detection locked the user");
        JsonNode before = api.call("GET", "users/" + userId, viewer).json();
        assertTrue(before.get("realmLock").get("temporarilyLocked").asBoolean(), before::toString);

        AdminApi.Reply reply = api.call("POST", "users/" + userId + "/unlock", helpdesk);
        assertEquals(200, reply.status(), reply::toString);
        assertFalse(reply.json().get("realmLock").get("temporarilyLocked").asBoolean());
        assertFalse(DemoRealm.realmLocked(realm.admin(), userId));
        JsonNode rep = AdminApi.representation(AdminApi.adminEvents(realm.admin(), userId).get(0));
        assertTrue(rep.get("realmLockCleared").asBoolean(), rep::toString);

        Browser.Page in = prompt.browser().submit(page, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
        assertTrue(in.isRedirectToClient(), () -> "signed in after the unlock, got " + in);
    }

    @Test
    void unlockEnablesAUserKeycloakDisabledForBruteForce() throws Exception {
        org.keycloak.representations.idm.RealmRepresentation rep = realm.admin().toRepresentation();
        boolean permanent = rep.isPermanentLockout();
        Integer maxTemporary = rep.getMaxTemporaryLockouts();
        int factor = rep.getFailureFactor();
        rep.setPermanentLockout(true);
        rep.setMaxTemporaryLockouts(0);
        rep.setFailureFactor(2);
        realm.admin().update(rep);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "unlock-permanent");
            String userId = device.userId();
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
            Browser.Page page = prompt.browser().submit(prompt.page(), Map.of("otp", wrong));
            prompt.browser().submit(page, Map.of("otp", wrong));
            assertTrue(Waits.until(Duration.ofSeconds(10), 100, () -> !realm.admin().users().get(userId).toRepresentation().isEnabled()),
                    "Keycloak disabled the user");
            assertTrue(api.call("GET", "users/" + userId, viewer).json().get("realmLock").get("permanentlyLocked").asBoolean());

            AdminApi.Reply reply = api.call("POST", "users/" + userId + "/unlock", helpdesk);
            assertEquals(200, reply.status(), reply::toString);
            assertFalse(reply.json().get("realmLock").get("permanentlyLocked").asBoolean());
            assertTrue(realm.admin().users().get(userId).toRepresentation().isEnabled(), "enabled again");
            assertTrue(AdminApi.representation(AdminApi.adminEvents(realm.admin(), userId).get(0)).get("realmLockCleared").asBoolean());

            Browser.Page in = DemoRealm.prompt(realm.admin(), device.username())
                    .submit(Codes.sha1(device.secret(), device.enrollmentStep() + 1));
            assertTrue(in.isRedirectToClient(), () -> "signed in after the unlock, got " + in);
        } finally {
            rep.setPermanentLockout(permanent);
            rep.setMaxTemporaryLockouts(maxTemporary);
            rep.setFailureFactor(factor);
            realm.admin().update(rep);
        }
    }

    @Test
    void summaryCountsUsersWithDevices() {
        JsonNode before = api.call("GET", "summary", helpdesk).json();
        DemoRealm.enrolledAdmin(realm.admin(), "summary");
        DemoRealm.enrolledAdmin(realm.admin(), "summary");
        AdminApi.Reply reply = api.call("GET", "summary?max=0", viewer);
        assertEquals(200, reply.status(), reply::toString);
        JsonNode after = reply.json();
        assertEquals(realm.getName(), after.get("realm").asText());
        assertEquals("totp-guard", after.get("credentialType").asText());
        assertEquals(before.get("usersWithDevices").asLong() + 2, after.get("usersWithDevices").asLong());
        assertEquals(before.get("devices").asLong() + 2, after.get("devices").asLong());
        assertEquals(0, after.get("attention").size(), "max=0 lists nothing");
        assertNotNull(after.get("lockedDevices"));
        System.out.println("[figures] summary: " + reply.body());
    }

    @Test
    void summaryShowsWhetherDirectGrantsCheckDevices() {
        JsonNode covered = api.call("GET", "summary?max=0", viewer).json().get("directGrant");
        assertEquals("totp-guard direct grant", covered.get("realmFlow").asText(), covered::toString);
        assertTrue(covered.get("realmFlowChecksDevices").asBoolean(), covered::toString);
        assertEquals(0, covered.get("clientsWithoutCheck").size(), covered::toString);

        // the realm falls back to Keycloak's own direct grant flow: the hole shows, with the clients it opens
        org.keycloak.representations.idm.RealmRepresentation rep = realm.admin().toRepresentation();
        String flow = rep.getDirectGrantFlow();
        rep.setDirectGrantFlow("direct grant");
        realm.admin().update(rep);
        try {
            JsonNode hole = api.call("GET", "summary?max=0", viewer).json().get("directGrant");
            assertFalse(hole.get("realmFlowChecksDevices").asBoolean(), hole::toString);
            List<String> clients = new ArrayList<>();
            hole.get("clientsWithoutCheck").forEach(c -> clients.add(c.asText()));
            assertTrue(clients.contains("admin-cli"), hole::toString);
            assertFalse(clients.contains("demo-app"), "demo-app has no direct grants: " + hole);
            System.out.println("[figures] direct grant coverage with Keycloak's default flow: " + hole);
        } finally {
            rep.setDirectGrantFlow(flow);
            realm.admin().update(rep);
        }
    }

    /** The user's only totp-guard admin event: ACTION {@code users/{id}/totp-guard/{action}} on a USER, naming it. */
    private AdminEventRepresentation onlyActionEvent(String userId, String action) {
        List<AdminEventRepresentation> events = AdminApi.adminEvents(realm.admin(), userId);
        assertEquals(1, events.size());
        AdminEventRepresentation event = events.get(0);
        assertEquals("ACTION", event.getOperationType());
        assertEquals("USER", event.getResourceType());
        assertEquals("users/" + userId + "/totp-guard/" + action, event.getResourcePath());
        JsonNode rep = AdminApi.representation(event);
        assertEquals("totp-guard", rep.get("credentialType").asText());
        assertEquals(action, rep.get("action").asText());
        return event;
    }

    private static List<String[]> concat(List<String[]> a, List<String[]> b) {
        List<String[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
