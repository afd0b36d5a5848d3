package dev.totpguard.notify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which events become which mail, and which never do. */
class NoticesTest {

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setRealmId("realm-id");
        event.setUserId("user-id");
        event.setClientId("demo-app");
        event.setIpAddress("192.0.2.1");
        event.setTime(1000L);
        event.setDetails(new HashMap<>(details));
        return event;
    }

    private static AdminEvent admin(OperationType op, String path, Map<String, String> details, String representation) {
        AdminEvent event = new AdminEvent();
        event.setRealmId("realm-id");
        event.setOperationType(op);
        event.setResourcePath(path);
        event.setDetails(new HashMap<>(details));
        event.setRepresentation(representation);
        event.setTime(2000L);
        AuthDetails auth = new AuthDetails();
        auth.setIpAddress("198.51.100.9");
        auth.setClientId("client-uuid");
        event.setAuthDetails(auth);
        return event;
    }

    /** The demo realm's: every execution has the default "failures before delay", 5. */
    private static final Set<Integer> LIMITS = Set.of(5);

    private static Optional<Notice> notice(Event event) {
        return Notices.of(event, () -> LIMITS);
    }

    private static Map<String, String> failure(String reason, int failures, String started) {
        Map<String, String> details = new HashMap<>(Map.of("credential_type", "totp-guard", "reason", reason,
                "consecutive_failures", Integer.toString(failures), "credential_user_label", "phone"));
        if (started != null) {
            details.put("totp_started", started);
        }
        return details;
    }

    @Test
    void enrollmentIsADeviceAddedByTheUser() {
        Notice notice = notice(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "totp-guard",
                "credential_id", "c1", "credential_user_label", "phone"))).orElseThrow();
        assertEquals(new Notice(Notice.Kind.DEVICE_ADDED, "realm-id", "user-id", 1000L, "demo-app", "192.0.2.1", false,
                List.of("phone"), "enrolled"), notice);
    }

    @Test
    void otherCredentialTypesAndFailedEnrollmentsSendNothing() {
        assertTrue(notice(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password",
                "credential_id", "c1"))).isEmpty());
        assertTrue(notice(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp"))).isEmpty());
        assertTrue(notice(event(EventType.UPDATE_CREDENTIAL_ERROR, Map.of("credential_type", "totp-guard",
                "credential_id", "c1"))).isEmpty());
        assertTrue(notice(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "totp-guard",
                "reason", "device_limit"))).isEmpty(), "no device stored, no mail");
        assertTrue(notice(event(EventType.LOGIN, Map.of("credential_type", "totp-guard"))).isEmpty());
    }

    @Test
    void removalInTheAccountConsoleIsADeviceRemovedByTheUser() {
        Notice notice = notice(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "totp-guard",
                "credential_id", "c1", "credential_user_label", "phone"))).orElseThrow();
        assertEquals(Notice.Kind.DEVICE_REMOVED, notice.kind());
        assertFalse(notice.byAdmin());
        assertEquals(List.of("phone"), notice.labels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"waiting", "locked"})
    void theFailureThatStartsTheFirstWaitOrTheLockoutSendsOneMail(String started) {
        Notice notice = notice(event(EventType.LOGIN_ERROR, failure("invalid", "waiting".equals(started) ? 5 : 100, started)))
                .orElseThrow();
        assertEquals(Notice.Kind.LOCKOUT, notice.kind());
        assertEquals(started, notice.variant());
        assertEquals("demo-app", notice.clientId());
        assertEquals("192.0.2.1", notice.ipAddress(), "the user's own request: where it came from");
    }

    @Test
    void aStreakMailsAtItsFirstWaitAndAtTheLockoutOnly() {
        // what a streak of wrong codes emits with the defaults (5 failures, then a wait each; lockout at 100)
        List<Map<String, String>> streak = new java.util.ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            streak.add(failure("invalid", n, null));
        }
        streak.add(failure("invalid", 5, "waiting"));
        streak.add(failure("waiting", 5, null)); // a code while waiting: refused, not counted
        for (int n = 6; n <= 99; n++) {
            streak.add(failure("invalid", n, "waiting")); // each failure after a wait starts a longer one
        }
        streak.add(failure("invalid", 100, "locked"));
        streak.add(failure("locked", 100, null)); // every code after the lockout
        streak.add(failure("locked", 100, null));
        List<String> mailed = streak.stream().map(d -> notice(event(EventType.LOGIN_ERROR, d)))
                .flatMap(Optional::stream).map(Notice::variant).toList();
        assertEquals(List.of("waiting", "locked"), mailed);
    }

    @Test
    void theFirstWaitIsTheExecutionsOwnLimit() {
        Map<String, String> third = failure("invalid", 3, "waiting");
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, third), () -> Set.of(3)).isPresent());
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, third), () -> Set.of(3, 10)).isPresent(),
                "several executions: the limit of any of them");
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, third), () -> Set.of(2)).isEmpty(), "the second wait of a streak");
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, third), Set::of).isPresent(), "limits unknown: the mail goes");
        Map<String, String> noCount = failure("invalid", 3, "waiting");
        noCount.remove("consecutive_failures");
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, noCount), () -> Set.of(2)).isPresent(), "count unknown: the mail goes");
        // the limits are only read for a wait that started
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, failure("invalid", 1, null)), () -> {
            throw new AssertionError("limits read for an ordinary failure");
        }).isEmpty());
        assertTrue(Notices.of(event(EventType.LOGIN_ERROR, failure("invalid", 100, "locked")), () -> {
            throw new AssertionError("limits read for the lockout");
        }).isPresent());
    }

    @Test
    void ordinaryFailuresAndRefusalsWhileWaitingSendNothing() {
        assertTrue(notice(event(EventType.LOGIN_ERROR, Map.of("credential_type", "totp-guard", "reason", "invalid")))
                .isEmpty());
        assertTrue(notice(event(EventType.LOGIN_ERROR, Map.of("credential_type", "totp-guard", "reason", "waiting")))
                .isEmpty());
        assertTrue(notice(event(EventType.LOGIN_ERROR, Map.of("totp_started", "waiting"))).isEmpty(),
                "not ours without the credential type");
    }

    @Test
    void aSignInWithARecoveryCodeSaysHowManyAreLeft() {
        Notice notice = notice(event(EventType.UPDATE_CREDENTIAL, Map.of("recovery_code_used", "true",
                "recovery_codes_left", "2"))).orElseThrow();
        assertEquals(Notice.Kind.RECOVERY_CODE_USED, notice.kind());
        assertEquals("2", notice.variant());
        assertEquals(List.of(), notice.labels());
        assertEquals(Optional.empty(), notice(event(EventType.UPDATE_CREDENTIAL, Map.of("recovery_code_used", "false"))));
        assertEquals(null, notice(event(EventType.UPDATE_CREDENTIAL, Map.of("recovery_code_used", "true",
                "recovery_codes_left", "many"))).orElseThrow().variant(), "only a number is shown");
    }

    @Test
    void adminImportMigrationRemovalAndResetAreAdminNotices() {
        Notice imported = Notices.of(admin(OperationType.CREATE, "users/u1/totp-guard/devices/c1",
                Map.of("credential_type", "totp-guard", "credential_user_label", "token"),
                "{\"action\":\"import-device\"}")).orElseThrow();
        assertEquals(new Notice(Notice.Kind.DEVICE_ADDED, "realm-id", "u1", 2000L, null, null, true,
                List.of("token"), "imported"), imported, "no IP address: the admin's is not the user's business");
        assertEquals("migrated", Notices.of(admin(OperationType.CREATE, "users/u1/totp-guard/devices/c1",
                Map.of(), "{\"action\":\"migrate-device\"}")).orElseThrow().variant());

        Notice removed = Notices.of(admin(OperationType.DELETE, "users/u1/totp-guard/devices/c1",
                Map.of("credential_user_label", "token"), null)).orElseThrow();
        assertEquals(Notice.Kind.DEVICE_REMOVED, removed.kind());
        assertTrue(removed.byAdmin());

        Notice generic = Notices.of(admin(OperationType.ACTION, "users/u1/credentials/c1",
                Map.of("credential_type", "totp-guard", "credential_user_label", "token"), null)).orElseThrow();
        assertEquals(Notice.Kind.DEVICE_REMOVED, generic.kind());
        assertTrue(Notices.of(admin(OperationType.ACTION, "users/u1/credentials/c1",
                Map.of("credential_type", "password"), null)).isEmpty());

        Notice reset = Notices.of(admin(OperationType.ACTION, "users/u1/totp-guard/reset", Map.of(),
                "{\"action\":\"reset\",\"devices\":[{\"credentialId\":\"a\",\"userLabel\":\"phone\"},{\"credentialId\":\"b\"}]}"))
                .orElseThrow();
        assertEquals(Notice.Kind.DEVICES_RESET, reset.kind());
        assertEquals(Arrays.asList("phone", null), reset.labels());
        assertEquals(null, reset.ipAddress());
        assertEquals(null, removed.ipAddress());
        assertEquals(null, generic.ipAddress());
    }

    @Test
    void otherAdminEventsSendNothing() {
        assertTrue(Notices.of(admin(OperationType.ACTION, "users/u1/totp-guard/unlock", Map.of(), null)).isEmpty());
        assertTrue(Notices.of(admin(OperationType.ACTION, "users/u1/totp-guard/devices/c1/seal", Map.of(), null)).isEmpty());
        assertTrue(Notices.of(admin(OperationType.ACTION, "totp-guard/migrate", Map.of(), "{}")).isEmpty());
        assertTrue(Notices.of(admin(OperationType.UPDATE, "users/u1", Map.of(), null)).isEmpty());
        AdminEvent failed = admin(OperationType.DELETE, "users/u1/totp-guard/devices/c1", Map.of(), null);
        failed.setError("not found");
        assertTrue(Notices.of(failed).isEmpty());
    }

    @Test
    void switchesAreOnUnlessFalse() {
        assertTrue(NotifySettings.enabled((String) null));
        assertTrue(NotifySettings.enabled("true"));
        assertTrue(NotifySettings.enabled("off"), "only false turns a kind off: a typo keeps the mail");
        assertFalse(NotifySettings.enabled("false"));
        assertFalse(NotifySettings.enabled(" FALSE "));
        assertEquals("totp-guard.notify.device-added", Notice.Kind.DEVICE_ADDED.setting());
    }

    @Test
    void labelsThatLookLikeAddressesAreDefanged() {
        assertEquals("work phone", NoticeMail.label("work phone"));
        assertEquals("", NoticeMail.label(null));
        assertEquals("https[://]evil[.]example/x", NoticeMail.label("https://evil.example/x"));
        assertEquals("www[.]evil[.]example", NoticeMail.label("www.evil.example"));
        assertEquals("login[.]example[.]com", NoticeMail.label("login.example.com"));
        assertEquals("Pixel 8.1", NoticeMail.label("Pixel 8.1"));
    }
}
