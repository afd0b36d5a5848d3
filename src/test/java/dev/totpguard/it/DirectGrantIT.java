package dev.totpguard.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row P1 of the security test table: the password grant ({@code grant_type=password}) of the realm's {@code admin-cli}
 * client goes through the demo realm's direct grant flow, which asks users with a totp-guard device for a code in
 * {@code totp} (or {@code otp}), with the same limits, accept-once, events and metrics as the browser prompt, and refuses
 * like Keycloak's own direct-grant OTP step.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class DirectGrantIT {

    private static final String VERIFICATIONS = "totp_guard_verifications_total";
    private static final String ENTRY = "direct_grant";
    private static final int PARALLEL = 20;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void deviceUserNeedsAFreshRightCodeAndIsRefusedLikeKeycloaksOwnOtpStep() {
        // several failures in a row: the realm's quick-login check would otherwise lock the user between the requests
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            refusesMissingWrongAndReplayedCodes();
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    private void refusesMissingWrongAndReplayedCodes() {
        String r = realm.getName();
        String url = realm.getBaseUrl();

        // Keycloak's own direct-grant OTP step (direct-grant-validate-otp) for a built-in OTP user of the same realm
        byte[] builtInKey = randomAlphanumeric(20).getBytes(StandardCharsets.UTF_8);
        String builtIn = BuiltInOtp.user(realm.admin(), "builtin-otp", false, new String(builtInKey, StandardCharsets.UTF_8),
                BuiltInOtp.TOTP, "built-in");
        Codes.awayFromStepBoundary(0);
        long now = Codes.currentStep(30);
        TokenGrant.Reply keycloaksRefusal = TokenGrant.password(url, builtIn, Map.of("totp", Guesses.wrong(builtInKey, now, 2)));
        assertTrue(keycloaksRefusal.status() == 400 || keycloaksRefusal.status() == 401,
                () -> "Keycloak's own step refuses a wrong code with 400 or 401, got " + keycloaksRefusal);
        assertEquals("invalid_grant", keycloaksRefusal.error(), keycloaksRefusal::toString);
        TokenGrant.Reply builtInMissing = TokenGrant.password(url, builtIn);
        assertEquals(keycloaksRefusal.status(), builtInMissing.status(), () -> "built-in OTP user without a code: " + builtInMissing);
        TokenGrant.Reply builtInRight = TokenGrant.password(url, builtIn,
                Map.of("totp", Codes.totp(builtInKey, now, 6, HmacOTP.HMAC_SHA1)));
        assertTrue(builtInRight.hasTokens(), () -> "built-in OTP users keep their direct-grant check, got " + builtInRight);
        int status = keycloaksRefusal.status();
        System.out.printf("[figures] P1 Keycloak's own direct-grant OTP step refuses a wrong code with HTTP %d %s%n",
                status, keycloaksRefusal.json().path("error").asText());

        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "p1");
        // three steps after the enrollment code: the window T-1 … T+1 holds only unused steps
        int offset = 90;
        timeOffSet.set(offset);
        Codes.awayFromStepBoundary(offset);
        long t = Codes.currentStep(30, offset);
        String wrong = device.wrongCode(t, 2);
        String right = Codes.sha1(device.secret(), t - 1);
        String later = Codes.sha1(device.secret(), t);

        Scrape before = Scrape.now();
        TokenGrant.Reply missing = TokenGrant.password(url, device.username());
        TokenGrant.Reply invalid = TokenGrant.password(url, device.username(), Map.of("totp", wrong));
        TokenGrant.Reply accepted = TokenGrant.password(url, device.username(), Map.of("totp", right));
        TokenGrant.Reply replayed = TokenGrant.password(url, device.username(), Map.of("totp", right));
        TokenGrant.Reply viaOtp = TokenGrant.password(url, device.username(), Map.of("otp", later));
        Scrape after = Scrape.now();

        assertTrue(accepted.hasTokens(), () -> "the right code in totp gives tokens, got " + accepted);
        assertTrue(viaOtp.hasTokens(), () -> "a fresh right code in otp gives tokens too, got " + viaOtp);
        Map<String, TokenGrant.Reply> refusals = new java.util.LinkedHashMap<>();
        refusals.put("no code", missing);
        refusals.put("wrong code", invalid);
        refusals.put("replayed code", replayed);
        for (Map.Entry<String, TokenGrant.Reply> refusal : refusals.entrySet()) {
            TokenGrant.Reply reply = refusal.getValue();
            assertFalse(reply.status() == 200, refusal.getKey() + ": no tokens, got " + reply);
            assertEquals(status, reply.status(), refusal.getKey() + ": the status of Keycloak's own OTP step, got " + reply);
            assertEquals("invalid_grant", reply.error(), refusal.getKey() + ": " + reply);
            assertEquals(keycloaksRefusal.json(), reply.json(),
                    refusal.getKey() + ": the body of Keycloak's own OTP step, no hint which part was wrong, got " + reply);
        }

        // audit: one LOGIN_ERROR per refusal, with the reason and the credential type, never the code
        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR");
        assertEquals(List.of("invalid", "malformed", "replayed"), DemoRealm.reasons(errors).stream().sorted().toList(),
                "reasons of the refusals");
        for (EventRepresentation event : errors) {
            assertEquals(DemoRealm.TYPE, event.getDetails().get("credential_type"), "credential_type of " + event.getDetails());
        }
        DemoRealm.assertNowhere(List.of(wrong, right, later), realm.admin().getEvents());

        // metrics: each submission counted under entry=direct_grant with its outcome
        assertEquals(2, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY, "outcome", "accepted"), "accepted");
        assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY, "outcome", "invalid"), "invalid");
        assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY, "outcome", "replayed"), "replayed");
        assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY, "outcome", "malformed"), "malformed");
        assertEquals(5, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY), "five direct-grant submissions in all");
    }

    @Test
    void userWithoutADeviceGetsTokensWithThePasswordAlone() {
        String user = DemoRealm.createUser(realm.admin(), "nodevice", false);
        TokenGrant.Reply reply = TokenGrant.password(realm.getBaseUrl(), user);
        assertTrue(reply.hasTokens(), () -> "no device, no code asked, got " + reply);
        assertTrue(DemoRealm.events(realm.admin(), user, "LOGIN_ERROR").isEmpty(), "no refusal on the way");
    }

    @Test
    void waitingDeviceRefusesTheRightCodeOnEveryEntry() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            String r = realm.getName();
            String url = realm.getBaseUrl();
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "p1-wait");
            long step = device.enrollmentStep() + 1;
            Scrape before = Scrape.now();
            TokenGrant.Reply lastWrong = null;
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String wrong = device.wrongCode(step, 2);
                codes.add(wrong);
                lastWrong = TokenGrant.password(url, device.username(), Map.of("totp", wrong));
                assertFalse(lastWrong.status() == 200, "wrong code " + (i + 1) + " refused");
            }
            String right = Codes.sha1(device.secret(), step);
            codes.add(right);
            TokenGrant.Reply refused = TokenGrant.password(url, device.username(), Map.of("totp", right));
            Scrape after = Scrape.now();
            assertFalse(refused.hasTokens(), () -> "the right code is refused while the device waits, got " + refused);
            assertEquals(lastWrong.status(), refused.status(), "the same status as a wrong code");
            assertEquals(lastWrong.json(), refused.json(), "the same body as a wrong code");
            assertEquals(5, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY, "outcome", "invalid"), "five wrong codes counted");
            assertEquals(6, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "entry", ENTRY), "six direct-grant submissions in all");

            // one limit for every entry: the browser prompt refuses the same right code
            Browser.Page page = DemoRealm.prompt(realm.admin(), device.username()).submit(right);
            assertFalse(page.isRedirectToClient(), () -> "the browser prompt refuses too, got " + page);
            assertTrue(page.isCodePrompt() && page.codeError().isPresent(), () -> "the code prompt with an error, got " + page);

            List<String> reasons = DemoRealm.reasons(realm.admin(), device.userId());
            assertEquals(5, reasons.stream().filter("invalid"::equals).count(), "reasons: " + reasons);
            assertEquals(2, reasons.stream().filter("waiting"::equals).count(),
                    "each refusal during the wait says waiting: " + reasons);
            DemoRealm.assertNowhere(codes, realm.admin().getEvents());
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    // R2 for the password grant
    @Test
    void oneCodeInManyParallelGrantsGivesTokensExactlyOnce() throws Exception {
        // with the realm's detector on, Keycloak itself refuses concurrent grants of one user (user_temporarily_disabled)
        // even with a right password and no code at all: off, so that only the code's accept-once decides
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            grantInParallel();
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    private void grantInParallel() throws Exception {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "p1-race");
        String code = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
        String url = realm.getBaseUrl();
        List<Callable<TokenGrant.Reply>> grants = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            grants.add(() -> TokenGrant.password(url, device.username(), Map.of("totp", code)));
        }
        List<TokenGrant.Reply> replies = Together.all(grants, Duration.ofMinutes(2));
        long tokens = replies.stream().filter(TokenGrant.Reply::hasTokens).count();
        long serverErrors = replies.stream().filter(reply -> reply.status() >= 500).count();
        System.out.printf("[figures] P1/R2 %d parallel password grants with one code: %d with tokens, %d 5xx%n",
                PARALLEL, tokens, serverErrors);
        assertEquals(0, serverErrors, () -> "no 5xx: " + replies);
        assertEquals(1, tokens, () -> "exactly one grant gets tokens: " + replies);
        for (TokenGrant.Reply reply : replies) {
            if (!reply.hasTokens()) {
                assertEquals("invalid_grant", reply.error(), reply::toString);
            }
        }
    }

    private static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
