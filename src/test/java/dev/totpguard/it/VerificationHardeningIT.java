package dev.totpguard.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows W1, R1–R5, B1–B4 and I1 of the security test table, against the real server. The clock moves through Keycloak's
 * time offset or by computing codes of other steps, never by sleeping through steps.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class VerificationHardeningIT {

    private static final int ROUNDS = 3;
    private static final int SESSIONS = 20;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    // W1
    @Test
    void acceptsCodesOneStepAroundTheServerClockOnly() {
        List<TotpDevice> devices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            devices.add(DemoRealm.enrolledAdmin(realm.admin(), "w1"));
        }
        int offset = 90; // three steps later than every enrollment code: T-2 … T+2 are all unused steps
        timeOffSet.set(offset);
        Codes.awayFromStepBoundary(offset);
        long t = Codes.currentStep(30, offset);
        int[] deltas = {-1, 0, 1, -2, 2};
        for (int i = 0; i < deltas.length; i++) {
            TotpDevice device = devices.get(i);
            Browser.Page page = DemoRealm.prompt(realm.admin(), device.username()).submit(Codes.sha1(device.secret(), t + deltas[i]));
            if (Math.abs(deltas[i]) <= 1) {
                assertTrue(page.isRedirectToClient(), "step T" + deltas[i] + " is accepted, got " + page);
            } else {
                assertTrue(page.isCodePrompt() && page.codeError().isPresent(), "step T" + deltas[i] + " is rejected, got " + page);
            }
        }
    }

    // RFC 6238 §6: drift learned per device, resync by two consecutive codes
    @Test
    void deviceWithAFastClockResynchronisesWithTwoCodesThenStaysInSync() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "drift");
        Codes.awayFromStepBoundary(0);
        long t = Codes.currentStep(30);
        // the phone's clock runs four steps ahead: its code is outside the window, inside the resync range
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        Browser.Page next = prompt.submit(Codes.sha1(device.secret(), t + 4));
        assertTrue(next.isCodePrompt(), () -> "one far code alone is not accepted, got " + next);
        assertTrue(next.codeError().orElseThrow().contains("next code"), "the user is asked for the next code");
        Browser.Page resynced = prompt.browser().submit(next, Map.of("otp", Codes.sha1(device.secret(), t + 5)));
        assertTrue(resynced.isRedirectToClient(), () -> "two consecutive codes re-synchronise, got " + resynced);
        JsonNode data = DemoRealm.deviceData(realm.admin(), device.username());
        assertTrue(data.get("drift").asInt() >= 4, "drift learned: " + data.get("drift"));

        // from now on the window is centred on the drift: the phone's next code is accepted directly
        Browser.Page direct = DemoRealm.prompt(realm.admin(), device.username()).submit(Codes.sha1(device.secret(), t + 6));
        assertTrue(direct.isRedirectToClient(), () -> "in sync, got " + direct);
        assertTrue(DemoRealm.reasons(realm.admin(), device.userId()).contains("resync_required"));
    }

    // R1
    @Test
    void codeReusedInANewLoginIsRejectedLikeAWrongCode() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "r1");
        String code = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
        assertTrue(DemoRealm.prompt(realm.admin(), device.username()).submit(code).isRedirectToClient());

        Browser.Page wrong = DemoRealm.prompt(realm.admin(), device.username())
                .submit(Codes.wrong(device.secret(), device.enrollmentStep() + 1));
        Browser.Page replayed = DemoRealm.prompt(realm.admin(), device.username()).submit(code);
        assertTrue(replayed.isCodePrompt(), () -> "replay refused, got " + replayed);
        assertEquals(wrong.codeError().orElseThrow(), replayed.codeError().orElseThrow(), "same message as a wrong code");
        assertTrue(DemoRealm.reasons(realm.admin(), device.userId()).contains("replayed"), "the audit event tells replay apart");
    }

    // R2
    @Test
    void oneCodeSubmittedFromManySessionsAtOnceSucceedsExactlyOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "r2");
            List<Browser.Page> pages = submitAtOnce(device.username(), Codes.sha1(device.secret(), device.enrollmentStep() + 1));
            long successes = pages.stream().filter(Browser.Page::isRedirectToClient).count();
            long serverErrors = pages.stream().filter(p -> p.status() >= 500).count();
            System.out.printf("[figures] R2 round %d: %d parallel sessions, %d success, %d 5xx%n", round, SESSIONS, successes, serverErrors);
            assertEquals(1, successes, "round " + round + ": exactly one success");
            assertEquals(0, serverErrors, "round " + round + ": no 5xx");
        }
    }

    // R3
    @Test
    void usedCodeResentInAnotherShapeIsRejected() {
        // about shapes, not throttling: the realm's quick-login check would lock the user after two fast failures
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            resendUsedCodeInOtherShapes();
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    private void resendUsedCodeInOtherShapes() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "r3");
        String code = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
        assertTrue(DemoRealm.prompt(realm.admin(), device.username()).submit(code).isRedirectToClient());
        List<String> variants = List.of(" " + code, code + " ", code.substring(0, 3) + " " + code.substring(3), code + "\t",
                fullWidth(code), arabicIndic(code), code + "\u0000", "0" + code, "+" + code);
        for (String variant : variants) {
            Browser.Page page = DemoRealm.prompt(realm.admin(), device.username()).submit(variant);
            assertTrue(page.isCodePrompt() && page.codeError().isPresent(), "variant refused, got " + page);
        }
        assertTrue(DemoRealm.reasons(realm.admin(), device.userId()).contains("malformed"));
    }

    // R5
    @Test
    void earlierStepAfterALaterStepWasAcceptedIsRejected() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "r5");
        int offset = 60;
        timeOffSet.set(offset);
        Codes.awayFromStepBoundary(offset);
        long t = Codes.currentStep(30, offset);
        assertTrue(DemoRealm.prompt(realm.admin(), device.username()).submit(Codes.sha1(device.secret(), t + 1)).isRedirectToClient());
        Browser.Page earlier = DemoRealm.prompt(realm.admin(), device.username()).submit(Codes.sha1(device.secret(), t));
        assertTrue(earlier.isCodePrompt(), () -> "an earlier step is refused, got " + earlier);
        assertTrue(DemoRealm.reasons(realm.admin(), device.userId()).contains("replayed"));
    }

    // B1
    @Test
    void realmLockoutRefusesEvenTheRightCode() throws Exception {
        org.keycloak.representations.idm.RealmRepresentation rep = realm.admin().toRepresentation();
        int factor = rep.getFailureFactor();
        rep.setFailureFactor(3); // below the device limit (5), so the realm's detector acts first
        realm.admin().update(rep);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "b1");
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            String userId = device.userId();
            Browser.Page page = prompt.page();
            String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
            for (int failure = 0; failure < 3; failure++) {
                page = prompt.browser().submit(page, Map.of("otp", wrong));
            }
            assertTrue(DemoRealm.awaitRealmLock(realm.admin(), userId), "the realm's detector locked the user after 3 failures");
            String generic = page.codeError().orElseThrow();
            Browser.Page refused = prompt.browser().submit(page, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
            System.out.printf("[figures] B1 realm detector on (failure factor 3): 3 failures allowed, then the right code is refused: %s%n",
                    refused.isCodePrompt());
            assertTrue(refused.isCodePrompt(), () -> "the right code is refused while locked, got " + refused);
            assertEquals(generic, refused.codeError().orElseThrow(), "the same generic message");
            assertTrue(DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR").stream()
                    .anyMatch(e -> "locked".equals(e.getDetails().get("reason")) && "realm".equals(e.getDetails().get("lock_source"))),
                    "a lockout event with its reason");
        } finally {
            rep.setFailureFactor(factor);
            realm.admin().update(rep);
        }
    }

    // B2 + B4
    @Test
    void deviceLimitHoldsWithTheRealmDetectorOff() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "b2");
            DemoRealm.Prompt session = DemoRealm.prompt(realm.admin(), device.username());
            Browser.Page page = session.page();
            String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
            int refusedAt = 0;
            for (int attempt = 1; attempt <= 10 && refusedAt == 0; attempt++) {
                page = session.browser().submit(page, Map.of("otp", wrong));
                if (deviceBlocked(device.username())) {
                    refusedAt = attempt + 1;
                }
            }
            String right = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
            Browser.Page refused = session.browser().submit(page, Map.of("otp", right));
            System.out.printf("[figures] B2 realm detector off: device refuses from attempt %d (after %d failures)%n",
                    refusedAt, DemoRealm.deviceData(realm.admin(), device.username()).get("failures").asInt());
            assertEquals(6, refusedAt, "five failures, then the device waits");
            assertTrue(refused.isCodePrompt(), () -> "the right code is refused while the device waits, got " + refused);
            assertEquals(page.codeError().orElseThrow(), refused.codeError().orElseThrow(), "the same generic message");

            // B4: a new login session cannot continue guessing either
            Browser.Page other = DemoRealm.prompt(realm.admin(), device.username()).submit(right);
            assertTrue(other.isCodePrompt(), () -> "another session is refused too, got " + other);
            assertTrue(DemoRealm.reasons(realm.admin(), device.userId()).contains("waiting"));

            // once the delay has passed (server clock moved, not slept), the right code works and resets the count
            timeOffSet.set(40);
            Browser.Page later = DemoRealm.prompt(realm.admin(), device.username())
                    .submit(Codes.sha1(device.secret(), Codes.currentStep(30, 40)));
            assertTrue(later.isRedirectToClient(), () -> "accepted after the delay, got " + later);
            assertEquals(0, DemoRealm.deviceData(realm.admin(), device.username()).get("failures").asInt());
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    // B3
    @Test
    void parallelWrongCodesCannotExceedTheLimit() throws Exception {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "b3");
            for (Browser.Page page : submitAtOnce(device.username(), Codes.wrong(device.secret(), device.enrollmentStep() + 1))) {
                assertTrue(page.status() < 500 && page.isCodePrompt(), () -> "refused without error, got " + page);
            }
            long checked = DemoRealm.reasons(realm.admin(), device.userId()).stream().filter("invalid"::equals).count();
            int failures = DemoRealm.deviceData(realm.admin(), device.username()).get("failures").asInt();
            System.out.printf("[figures] B3: %d parallel wrong codes, %d checked and counted, device failures %d, limit 5%n",
                    SESSIONS, checked, failures);
            assertEquals(5, checked, "no more checked failures than the limit");
            assertEquals(5, failures);
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    // I1
    @Test
    void badInputGetsTheFormAgainAndCountsAsAFailure() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            bodies.put("missing field", "selectedCredentialId=");
            bodies.put("empty", "otp=");
            bodies.put("whitespace", "otp=+++++");
            bodies.put("too short", "otp=12345");
            bodies.put("too long", "otp=1234567");
            bodies.put("letters", "otp=abcdef");
            bodies.put("100 KB", "otp=" + "1".repeat(100 * 1024));
            bodies.put("duplicated field", "otp=123456&otp=654321");
            bodies.put("invalid UTF-8", "otp=%FF%FE%FD%FC%FB%FA");
            bodies.put("NUL", "otp=12345%00");
            List<String> statuses = new ArrayList<>();
            for (Map.Entry<String, String> input : bodies.entrySet()) {
                TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "i1");
                DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
                Browser.Page page = prompt.browser().submitRaw(prompt.page(), input.getValue());
                statuses.add(input.getKey() + "=" + page.status());
                assertTrue(page.status() < 500, input.getKey() + ": no 5xx, got " + page.status());
                assertFalse(page.isRedirectToClient(), input.getKey() + ": no success");
                assertTrue(page.isCodePrompt() && page.codeError().isPresent(), input.getKey() + ": the form with an error, got " + page);
                assertEquals(1, DemoRealm.deviceData(realm.admin(), device.username()).get("failures").asInt(),
                        input.getKey() + ": counted as a failure");
                assertTrue(page.body().getBytes(StandardCharsets.UTF_8).length < 200_000, input.getKey() + ": input not echoed");
            }
            // over Keycloak's form attribute limit (128 KB) the HTTP layer refuses the request before any authenticator
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "i1");
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            Browser.Page huge = prompt.browser().submitRaw(prompt.page(), "otp=" + "1".repeat(1 << 20));
            statuses.add("1 MB=" + huge.status());
            assertEquals(413, huge.status(), "1 MB: refused by the server's size limit, no 5xx");
            Browser.Page after = prompt.submit(Codes.sha1(device.secret(), device.enrollmentStep() + 1));
            assertTrue(after.isRedirectToClient(), () -> "1 MB: the session goes on and nothing was lost, got " + after);
            System.out.println("[figures] I1 statuses: " + statuses);
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    /** Opens {@value #SESSIONS} login sessions at the code prompt, then submits {@code code} from all at once. */
    private List<Browser.Page> submitAtOnce(String username, String code) throws Exception {
        List<DemoRealm.Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            prompts.add(DemoRealm.prompt(realm.admin(), username));
        }
        return DemoRealm.Prompt.submitAtOnce(prompts, code);
    }

    private boolean deviceBlocked(String username) {
        JsonNode data = DemoRealm.deviceData(realm.admin(), username);
        return data.get("waitUntil").asLong() > 0;
    }

    private static String fullWidth(String digits) {
        StringBuilder s = new StringBuilder();
        digits.chars().forEach(c -> s.append((char) ('\uFF10' + (c - '0'))));
        return s.toString();
    }

    private static String arabicIndic(String digits) {
        StringBuilder s = new StringBuilder();
        digits.chars().forEach(c -> s.append((char) ('\u0660' + (c - '0'))));
        return s.toString();
    }
}
