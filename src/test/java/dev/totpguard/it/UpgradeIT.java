package dev.totpguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.credential.SeedKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrade keeps every device: the previous release ({@link PreviousRelease}, built from git) writes devices, failures, a
 * wait, learned drift and an accepted code on a real PostgreSQL; the current jar then starts on the same database, first
 * alone (an upgrade with downtime), then beside a node of the previous release (a rolling upgrade, sign-ins running
 * while that node is replaced by a current one). One database and one set of nodes for all scenarios, in order:
 * <ol>
 *   <li>node A, previous release, alone: enrollments through its own page, failures, a wait, drift, a code accepted;</li>
 *   <li>A stopped, node B (current) alone on the same database: every device, counter, wait and drift still there;</li>
 *   <li>A (previous release) back beside B: a code is accepted once across the mixed pair, either way;</li>
 *   <li>failures on the mixed pair: each release counts its own and holds the limit on its nodes;</li>
 *   <li>sign-ins on A and B while A is replaced by a node of the current release: none fails.</li>
 * </ol>
 * Ports as {@link ClusterIT}'s: A 8280/9280 (JGroups 7881), B 8380/9380 (JGroups 7882). At 0.1.0 there were no
 * remembered browsers and no recovery codes of ours, and the demo realm had no Keycloak recovery codes: nothing of those
 * is written here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeIT {

    private static final String REALM = DemoRealm.NAME;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The wait set on the previous release (seconds): long enough to outlast the upgrade. */
    private static final String DELAY = "900";
    /** The window of the previous release's "enrolled users" execution: a code accepted before the upgrade is still in it after. */
    private static final int ENROLLED_WINDOW = 5;

    private Path work;
    private PostgresServer postgres;
    /** The current release's distribution, built in the background while the previous release runs. */
    private CompletableFuture<Path> currentBuilt;
    private ClusterNode aOld;
    private ClusterNode b;
    private ClusterNode aNew;
    private String keyLine;

    /** Written by the previous release, read first by the current one in scenario 2. */
    private final List<TotpDevice> enrolled = new ArrayList<>();
    private TotpDevice failing;
    private TotpDevice waiting;
    private TotpDevice drifting;
    private TotpDevice replaying;
    private long replayedStep;
    /** Devices imported by the previous release and untouched until the mixed pair (scenarios 3 to 5). */
    private final List<TotpDevice> pool = new ArrayList<>();
    private final List<TotpDevice> acrossPair = new ArrayList<>();

    @BeforeAll
    void startPreviousRelease() throws Exception {
        long started = System.nanoTime();
        work = Path.of("target", "upgrade-it").toAbsolutePath();
        ClusterIT.deleteTree(work);
        Files.createDirectories(work);
        currentBuilt = CompletableFuture.supplyAsync(() -> ClusterNode.buildDistribution(work));
        PreviousRelease previous = PreviousRelease.build();
        postgres = PostgresServer.start(work.resolve("postgres"));
        Path previousBuilt = ClusterNode.buildDistribution(work, previous.jar(), "built-previous");
        keyLine = SeedKeys.newKeyLine("upgrade", RANDOM);
        aOld = new ClusterNode("node-a-previous", previousBuilt, work, postgres.jdbcUrl(), 8280, 9280, 7881);
        aOld.writeKeys(keyLine);
        aOld.addRealmImport(previous.realm());
        aOld.start(null, true);
        aOld.awaitReady();
        RealmResource realm = aOld.demoRealm();
        // the per-device limit alone (the realm's quick-login check would lock the users who fail on purpose)
        DemoRealm.bruteForceDetection(realm, false);
        new Flows(realm).mergeFormConfig("totp-guard for admins", Map.of("totp-guard.delay", DELAY, "totp-guard.max-delay", DELAY));
        new Flows(realm).mergeFormConfig("totp-guard for enrolled users", Map.of("totp-guard.delay", DELAY,
                "totp-guard.max-delay", DELAY, "totp-guard.window", Integer.toString(ENROLLED_WINDOW)));
        System.out.printf("[figures] upgrade: previous release %s built and up in %d s%n", previous.commit().substring(0, 12),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    void stopAll() {
        if (currentBuilt != null) {
            currentBuilt.exceptionally(e -> null).join();
        }
        try {
            for (ClusterNode node : new ClusterNode[] {aOld, b, aNew}) {
                if (node != null) {
                    node.stop();
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Order(1)
    void thePreviousReleaseWritesDevicesFailuresAWaitAndDrift() {
        RealmResource realm = aOld.demoRealm();
        for (int i = 0; i < 2; i++) {
            TotpDevice user = enrolledOn(aOld, "up-enrolled");
            assertTrue(aOld.signIn(user, user.awaitNextCode()).isRedirectToClient(), "signed in on 0.1.0");
            enrolled.add(user);
        }

        failing = enrolledOn(aOld, "up-failing");
        wrongCodes(aOld, failing, 3);
        waiting = enrolledOn(aOld, "up-waiting");
        wrongCodes(aOld, waiting, 5);
        JsonNode waitingBefore = device(aOld, waiting);
        assertEquals("waiting", waitingBefore.get("state").asText(), waitingBefore::toString);

        // a phone whose clock runs five steps ahead: two consecutive codes re-synchronise it on 0.1.0
        drifting = enrolledOn(aOld, "up-drift");
        Codes.awayFromStepBoundary(0);
        long t = Codes.currentStep(30);
        DemoRealm.Prompt prompt = aOld.prompt(drifting);
        Browser.Page next = prompt.submit(drifting.codeAt(t + 4));
        assertTrue(next.isCodePrompt() && !next.isRedirectToClient(), () -> "0.1.0 asks for the next code, got " + next);
        Browser.Page resynced = prompt.browser().submit(next, Map.of("otp", drifting.codeAt(t + 5)));
        assertTrue(resynced.isRedirectToClient(), () -> "0.1.0 re-synchronises with two codes, got " + resynced);
        drifting.usedUpTo(t + 5);
        assertEquals(5, device(aOld, drifting).get("drift").asInt(), "0.1.0 learned the drift");

        String token = aOld.masterToken(); // 0.1.0 imports take the seed as "secret" only
        for (int i = 0; i < 24; i++) {
            pool.add(aOld.importedUser("up-run", token, "phone", "secret"));
        }
        for (int i = 0; i < 3; i++) {
            acrossPair.add(aOld.importedUser("up-pair", token, "phone", "secret"));
        }

        // last before the stop: a code of a step ahead, accepted by 0.1.0 (still inside the window after the upgrade)
        replaying = aOld.importedUser("up-replay", token, "phone", "secret");
        Codes.awayFromStepBoundary(0);
        replayedStep = Codes.currentStep(30) + ENROLLED_WINDOW;
        Browser.Page accepted = aOld.signIn(replaying, replaying.codeAt(replayedStep));
        assertTrue(accepted.isRedirectToClient(), () -> "0.1.0 accepts a code of step T+" + ENROLLED_WINDOW + ", got " + accepted);
        replaying.usedUpTo(replayedStep);

        for (TotpDevice user : upgraded()) {
            assertEquals(List.of(user.credentialId()), deviceIds(realm, user.username()), user.username());
        }
        aOld.stop();
    }

    @Test
    @Order(2)
    void theCurrentReleaseOnTheSameDatabaseKeepsEveryDeviceCounterWaitAndDrift() throws Exception {
        long started = System.nanoTime();
        b = new ClusterNode("node-b-current", current(), work, postgres.jdbcUrl(), 8380, 9380, 7882);
        b.writeKeys(keyLine);
        b.start(null, false);
        b.awaitReady();
        System.out.printf("[figures] upgrade: current release up on the previous release's database in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        // each check on its own (assertAll): a failure names every part of the stored state that did not survive
        assertAll("the current release reads what 0.1.0 stored",
                this::aCodeAcceptedBeforeTheUpgradeIsRefused,
                this::theSameDevicesNothingReEnrolled,
                this::failuresKept,
                this::theWaitKept,
                this::theDriftKept,
                this::everyUserSignsInWithACode);
        for (TotpDevice user : upgraded()) {
            assertFalse(b.log().contains(user.base32()), "no seed in the current node's log");
        }
    }

    /**
     * First, while the step is still inside the window: the code 0.1.0 accepted is refused. No node holds a used-code
     * entry any more (all were stopped): only the device's last step, as 0.1.0 stored it, can refuse it.
     */
    private void aCodeAcceptedBeforeTheUpgradeIsRefused() {
        assertTrue(Codes.currentStep(30) - replayedStep <= ENROLLED_WINDOW - 1,
                "the upgrade took longer than the window: the replay would not be tested");
        Browser.Page replayed = b.signIn(replaying, replaying.codeAt(replayedStep));
        assertTrue(replayed.status() < 500 && !replayed.isRedirectToClient(), () -> "replay across the upgrade refused, got " + replayed);
        assertEquals(List.of("replayed"), DemoRealm.reasons(b.demoRealm(), replaying.userId()), "refused as replayed (the last step kept), not as invalid");
    }

    private void theSameDevicesNothingReEnrolled() {
        RealmResource realm = b.demoRealm();
        for (TotpDevice user : upgraded()) {
            assertEquals(List.of(user.credentialId()), deviceIds(realm, user.username()), () -> user.username() + ": the same device, nothing re-enrolled");
        }
    }

    /** The admin API shows the 3 failures of 0.1.0, and they count: two more reach the limit of five. */
    private void failuresKept() {
        JsonNode before = device(b, failing);
        assertEquals(3, before.get("consecutiveFailures").asInt(), before::toString);
        assertEquals("active", before.get("state").asText(), before::toString);
        wrongCodes(b, failing, 2);
        JsonNode after = device(b, failing);
        assertEquals("waiting", after.get("state").asText(), () -> "3 failures from 0.1.0 + 2: waiting, got " + after);
        assertEquals(5, after.get("consecutiveFailures").asInt(), after::toString);
    }

    /** The user who was waiting under 0.1.0 still waits: the right code is refused, as waiting. */
    private void theWaitKept() {
        JsonNode now = device(b, waiting);
        assertEquals(5, now.get("consecutiveFailures").asInt(), now::toString);
        assertEquals("waiting", now.get("state").asText(), now::toString);
        Browser.Page refused = b.signIn(waiting, waiting.awaitNextCode());
        assertTrue(refused.isCodePrompt() && !refused.isRedirectToClient(), () -> "still waiting, got " + refused);
        assertEquals("waiting", DemoRealm.reasons(b.demoRealm(), waiting.userId()).get(0), "refused because the user waits");
    }

    /** The drift 0.1.0 learned centres the window: a code five steps ahead is accepted at once (else: "next code"). */
    private void theDriftKept() {
        JsonNode now = device(b, drifting);
        assertEquals(5, now.get("drift").asInt(), now::toString);
        Codes.awayFromStepBoundary(0);
        // five steps ahead, or six when the upgrade ran within the step of the resync (0.1.0 accepted five ahead then)
        long step = Math.max(Codes.currentStep(30) + 5, drifting.lastStep() + 1);
        Browser.Page ahead = b.signIn(drifting, drifting.codeAt(step));
        assertTrue(ahead.isRedirectToClient(), () -> "the drift learned by 0.1.0 centres the window, got " + ahead
                + " " + ahead.codeError().orElse(""));
        drifting.usedUpTo(step);
    }

    /** Every user signs in with a code, at the code prompt, without enrolling again (the waiting ones after an unlock). */
    private void everyUserSignsInWithACode() {
        for (TotpDevice user : List.of(failing, waiting)) {
            AdminApi.Reply unlocked = b.api().call("POST", "users/" + user.userId() + "/unlock", b.masterToken());
            assertEquals(200, unlocked.status(), unlocked::toString);
        }
        List<TotpDevice> everyone = new ArrayList<>(enrolled);
        everyone.addAll(List.of(failing, waiting, replaying));
        for (TotpDevice user : everyone) {
            Browser browser = new Browser(b.realmUrl(REALM));
            Browser.Page prompt = DemoRealm.password(browser, user.username());
            assertTrue(prompt.isCodePrompt() && !prompt.isEnrollment(), () -> user.username() + ": the code prompt, got " + prompt);
            String code = user == replaying ? codeAfterReplayedStep() : user.awaitNextCode();
            Browser.Page done = browser.submit(prompt, Map.of("otp", code));
            assertTrue(done.isRedirectToClient(), () -> user.username() + " signs in with a code after the upgrade, got " + done);
            assertTrue(browser.exchange(done).has("access_token"), user.username());
        }
    }

    @Test
    @Order(3)
    void aCodeIsAcceptedOnceAcrossAPreviousAndACurrentNode() {
        aOld.start(null, false);
        aOld.awaitReady();
        aOld.awaitView(2);
        b.awaitView(2);
        ClusterNode[][] ways = {{aOld, b}, {b, aOld}};
        for (int i = 0; i < ways.length; i++) {
            ClusterNode first = ways[i][0];
            ClusterNode second = ways[i][1];
            TotpDevice user = acrossPair.get(i);
            Codes.awayFromStepBoundary(0);
            long now = Codes.currentStep(30);
            String code = user.codeAt(now);
            assertTrue(first.signIn(user, code).isRedirectToClient(), () -> "accepted on " + first);
            Browser.Page replayed = second.signIn(user, code);
            assertTrue(replayed.status() < 500 && !replayed.isRedirectToClient(), () -> "replay refused on " + second + ", got " + replayed);
            assertTrue(second.signIn(user, user.codeAt(now + 2)).isRedirectToClient(),
                    () -> "a later step accepted on " + second);
            Browser.Page older = first.signIn(user, user.codeAt(now + 1));
            assertTrue(older.status() < 500 && !older.isRedirectToClient(),
                    () -> "an older step (never used itself) refused on " + first + " after a later one on " + second + ", got " + older);
            user.usedUpTo(now + 2);
        }
        // each refusal, on either node, is audited as a replay (0.1.0 names its reasons alike)
        for (TotpDevice user : acrossPair.subList(0, ways.length)) {
            assertEquals(List.of("replayed", "replayed"), DemoRealm.reasons(b.demoRealm(), user.userId()), user.username());
        }
    }

    /**
     * While nodes of both releases run, each counts failures in its own place (0.1.0 in the credential data, the current
     * release in its state row), so each holds the limit on its own nodes: at most the limit per release during the
     * switch, as the operator guide's Upgrade section says; a full stop avoids even that.
     */
    @Test
    @Order(4)
    void whileBothReleasesRunEachCountsItsOwnFailuresAndHoldsTheLimit() {
        TotpDevice user = acrossPair.get(2);
        wrongCodes(b, user, 1);
        wrongCodes(aOld, user, 3);
        wrongCodes(b, user, 1);
        JsonNode split = device(b, user);
        assertEquals(2, split.get("consecutiveFailures").asInt(),
                () -> "the current release's own count (1 + 1 on B; A's 3 are 0.1.0's): " + split);
        wrongCodes(b, user, 3);
        JsonNode waiting = device(b, user);
        assertEquals(5, waiting.get("consecutiveFailures").asInt(), waiting::toString);
        assertEquals("waiting", waiting.get("state").asText(), waiting::toString);
        rightCodeRefused(b, user);
        wrongCodes(aOld, user, 2);
        rightCodeRefused(aOld, user);
    }

    private void rightCodeRefused(ClusterNode node, TotpDevice user) {
        Codes.awayFromStepBoundary(0);
        Browser.Page refused = node.signIn(user, user.codeAt(Codes.currentStep(30)));
        assertTrue(refused.status() < 500 && !refused.isRedirectToClient(),
                () -> node + " refuses the right code while the user waits, got " + refused);
    }

    @Test
    @Order(5)
    void signInsDuringARollingUpgradeNeverFail() throws Exception {
        try (SignInRun run = SignInRun.start(REALM, pool, List.of(aOld, b))) {
            run.awaitSuccesses(aOld, 4, 90);
            run.awaitSuccesses(b, 4, 90);
            run.remove(aOld);
                aOld.stop();
            b.awaitView(1);
            aNew = new ClusterNode("node-a-current", current(), work, postgres.jdbcUrl(), 8280, 9280, 7881);
            aNew.writeKeys(keyLine);
            aNew.start(null, false);
            aNew.awaitReady();
            aNew.awaitView(2);
            b.awaitView(2);
            run.add(aNew);
            run.awaitSuccesses(aNew, 4, 90);
            run.awaitSuccesses(b, run.successes(b) + 2, 90);
            run.stopAndWait();
            System.out.printf("[figures] upgrade, rolling: %s%n", run.summary());
            assertEquals(List.of(), run.failures(), "no sign-in failed while node A was replaced by the current release");

            List<SignInRun.Accepted> onPrevious = run.accepted(aOld);
            assertFalse(onPrevious.isEmpty());
            for (SignInRun.Accepted used : onPrevious.subList(Math.max(0, onPrevious.size() - 4), onPrevious.size())) {
                Browser.Page replayed = aNew.signIn(used.user(), used.code());
                assertTrue(replayed.status() < 500 && !replayed.isRedirectToClient(),
                        () -> "a code accepted by the previous release is refused by its replacement, got " + replayed);
            }
        }
        for (ClusterNode node : List.of(aOld, b, aNew)) {
            for (TotpDevice user : pool) {
                assertFalse(node.log().contains(user.base32()), "no seed in " + node + "'s log");
            }
        }
    }

    // --- helpers

    private Path current() {
        try {
            return currentBuilt.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The users of scenario 2, written by the previous release. */
    private List<TotpDevice> upgraded() {
        List<TotpDevice> all = new ArrayList<>(enrolled);
        all.addAll(List.of(failing, waiting, drifting, replaying));
        return all;
    }

    /** A code of the replaying device after the step 0.1.0 accepted, once that step is inside the window. */
    private String codeAfterReplayedStep() {
        long step = replayedStep + 1;
        while (Codes.currentStep(30) + ENROLLED_WINDOW < step) {
            Waits.sleep(1000);
        }
        Codes.awayFromStepBoundary(0);
        replaying.usedUpTo(step);
        return replaying.codeAt(step);
    }

    /** A new user with realm role admin, enrolled through the enrollment page of {@code node} (QR code read). */
    private TotpDevice enrolledOn(ClusterNode node, String prefix) {
        RealmResource realm = node.demoRealm();
        String username = DemoRealm.createUser(realm, prefix, true);
        Browser browser = new Browser(node.realmUrl(REALM));
        TotpDevice device = TotpDevice.enroll(realm, browser, DemoRealm.password(browser, username), username, "phone");
        assertEquals(List.of(device.credentialId()), deviceIds(realm, device.username()), username);
        return device;
    }

    private void wrongCodes(ClusterNode node, TotpDevice user, int count) {
        DemoRealm.Prompt prompt = node.prompt(user);
        String wrong = Codes.wrong(user.secret(), Codes.currentStep(30));
        for (int i = 0; i < count; i++) {
            prompt = prompt.refused(wrong);
        }
    }

    /** The ids of the user's devices, as Keycloak lists its credentials. */
    private static List<String> deviceIds(RealmResource realm, String username) {
        return DemoRealm.devices(realm, username).stream().map(CredentialRepresentation::getId).toList();
    }

    /** The user's one device as the admin API of {@code node} shows it. */
    private static JsonNode device(ClusterNode node, TotpDevice user) {
        return node.api().device(user.userId(), node.masterToken());
    }
}
