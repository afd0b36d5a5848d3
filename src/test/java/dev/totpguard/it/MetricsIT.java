package dev.totpguard.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-ins and enrollments move the {@code totp_guard_*} meters on the management port's {@code /metrics}, with only
 * the realm and bounded labels.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class MetricsIT {

    private static final String VERIFICATIONS = "totp_guard_verifications_total";
    private static final String DURATION = "totp_guard_verification_duration_seconds";
    private static final String SKEW = "totp_guard_skew_total";
    private static final String REPLAYS = "totp_guard_replays_total";
    private static final String LOCKOUTS = "totp_guard_lockouts_total";
    private static final String STARTED = "totp_guard_enrollments_started_total";
    private static final String COMPLETED = "totp_guard_enrollments_completed_total";
    private static final String ENROLL_FAILURES = "totp_guard_enrollment_failures_total";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void enrollmentAndSignInsMoveTheCounters() {
        String r = realm.getName();
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            Scrape before = Scrape.now();

            // enrollment: page shown (started), a wrong code (failure), the right code (completed)
            String user = DemoRealm.createUser(realm.admin(), "metrics", true);
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page enrollment = DemoRealm.password(browser, user);
            byte[] secret = DemoRealm.secretOfQr(enrollment);
            long step = Codes.currentStep(30);
            Browser.Page retry = browser.submit(enrollment, Map.of("otp", Codes.wrong(secret, step), "userLabel", "phone"));
            assertTrue(retry.isEnrollment());
            assertTrue(browser.submit(retry, Map.of("otp", Codes.sha1(secret, step), "userLabel", "phone")).isRedirectToClient());

            // sign-in: a wrong code, then the right one
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), user);
            Browser.Page page = prompt.browser().submit(prompt.page(), Map.of("otp", Codes.wrong(secret, step + 1)));
            String code = Codes.sha1(secret, step + 1);
            assertTrue(prompt.browser().submit(page, Map.of("otp", code)).isRedirectToClient());
            // the same code again, in a new login: a replay
            assertTrue(DemoRealm.prompt(realm.admin(), user).submit(code).isCodePrompt());

            Scrape after = Scrape.now();
            assertEquals(1, Scrape.delta(before, after, STARTED, "realm", r), "enrollment started");
            assertEquals(1, Scrape.delta(before, after, COMPLETED, "realm", r), "enrollment completed");
            assertEquals(1, Scrape.delta(before, after, ENROLL_FAILURES, "realm", r, "reason", "invalid"), "enrollment failure");
            assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "outcome", "accepted"));
            assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "outcome", "invalid"));
            assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "outcome", "replayed"));
            assertEquals(3, Scrape.delta(before, after, VERIFICATIONS, "realm", r), "three submissions in all");
            assertEquals(1, Scrape.delta(before, after, REPLAYS, "realm", r));
            assertEquals(1, Scrape.delta(before, after, SKEW, "realm", r), "one accepted code, one skew sample");
            double skewZeroOrOne = Scrape.delta(before, after, SKEW, "realm", r, "skew", "0")
                    + Scrape.delta(before, after, SKEW, "realm", r, "skew", "+1");
            assertEquals(1, skewZeroOrOne, "the code of the step after enrollment: skew 0 or +1");
            assertEquals(3, Scrape.delta(before, after, DURATION + "_count", "realm", r), "each judged submission timed");
            assertTrue(after.sum(DURATION + "_sum", "realm", r) > before.sum(DURATION + "_sum", "realm", r));
            List<Scrape.Sample> buckets = after.matching(DURATION + "_bucket", "realm", r, "outcome", "accepted");
            Set<String> bounds = buckets.stream().map(s -> s.labels().get("le")).collect(Collectors.toSet());
            assertTrue(bounds.containsAll(Set.of("0.001", "0.005", "0.025", "0.1", "+Inf")), bounds::toString);

            // five consecutive failures make the user wait (the replay was the first)
            DemoRealm.Prompt guessing = DemoRealm.prompt(realm.admin(), user);
            Browser.Page guess = guessing.page();
            for (int i = 0; i < 4; i++) {
                guess = guessing.browser().submit(guess, Map.of("otp", Codes.wrong(secret, step + 2)));
            }
            // the user's devices now refuse without checking
            guessing.browser().submit(guess, Map.of("otp", Codes.sha1(secret, step + 2)));
            Scrape locked = Scrape.now();
            assertEquals(1, Scrape.delta(after, locked, LOCKOUTS, "realm", r, "reason", "waiting"), "the user started waiting once");
            assertEquals(1, Scrape.delta(after, locked, VERIFICATIONS, "realm", r, "entry", "browser", "outcome", "waiting"));

            // labels: realm plus bounded ones (left: recovery codes left, 0/1/2/more), never a user or a device
            Set<String> labelNames = locked.startingWith("totp_guard_").stream()
                    .flatMap(s -> s.labels().keySet().stream()).collect(Collectors.toSet());
            assertTrue(Set.of("realm", "entry", "outcome", "reason", "skew", "left", "le").containsAll(labelNames), labelNames::toString);
            assertFalse(locked.startingWith("totp_guard_").stream().anyMatch(s -> s.line().contains(user)));

            System.out.println("[figures] metrics after one enrollment and four sign-in attempts:");
            after.startingWith("totp_guard_").stream().filter(s -> r.equals(s.labels().get("realm")))
                    .filter(s -> !s.name().endsWith("_bucket") || "0.005".equals(s.labels().get("le")))
                    .forEach(s -> System.out.println("[figures]   " + s.line()));
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    @Test
    void codesRefusedByTheRealmLockAreCounted() throws Exception {
        String r = realm.getName();
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "metrics-realm");
        String userId = device.userId();
        Scrape before = Scrape.now();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        String wrong = Codes.wrong(device.secret(), device.enrollmentStep() + 1);
        Browser.Page page = prompt.browser().submit(prompt.page(), Map.of("otp", wrong));
        page = prompt.browser().submit(page, Map.of("otp", wrong));
        DemoRealm.awaitRealmLock(realm.admin(), userId);
        prompt.browser().submit(page, Map.of("otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
        Scrape after = Scrape.now();
        assertEquals(1, Scrape.delta(before, after, LOCKOUTS, "realm", r, "reason", "realm"));
        assertEquals(1, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "outcome", "locked"));
        assertEquals(2, Scrape.delta(before, after, VERIFICATIONS, "realm", r, "outcome", "invalid"));
        assertEquals(2, Scrape.delta(before, after, DURATION + "_count", "realm", r), "a refusal by the realm lock is not timed");
    }
}
