package dev.totpguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * X1: two Keycloak nodes in production mode ({@code start}, Infinispan with the jdbc-ping stack) sharing one real
 * PostgreSQL, our jar and the demo realm: what one node guarantees holds across both. One cluster for all scenarios,
 * in order; the later ones stop and restart nodes. Ports: A 8280/9280 (JGroups 7881), B 8380/9380 (JGroups 7882).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String REALM = DemoRealm.NAME;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresServer postgres;
    private ClusterNode a;
    private ClusterNode b;
    /** Users with an imported device, for the runs of sign-ins (scenarios 6 and 7). */
    private final List<TotpDevice> pool = new ArrayList<>();
    private String keyA;

    @BeforeAll
    void startCluster() throws Exception {
        long started = System.nanoTime();
        Path work = Path.of("target", "cluster-it").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        postgres = PostgresServer.start(work.resolve("postgres"));
        Path built = ClusterNode.buildDistribution(work);
        a = new ClusterNode("node-a", built, work, postgres.jdbcUrl(), 8280, 9280, 7881);
        b = new ClusterNode("node-b", built, work, postgres.jdbcUrl(), 8380, 9380, 7882);
        keyA = SeedKeys.newKeyLine("a", RANDOM);
        a.writeKeys(keyA);
        b.writeKeys(keyA);
        a.addRealmImport(Path.of("realm-export/totp-demo-realm.json"));
        // A first: it creates the schema and imports the realm once; B joins the existing database and cluster
        a.start(null, true);
        a.awaitReady();
        b.start(null, false);
        b.awaitReady();
        a.awaitView(2);
        b.awaitView(2);
        // the per-user limit alone, as the scenarios about failures need (and parallel refusals lock nobody)
        DemoRealm.bruteForceDetection(a.demoRealm(), false);
        System.out.printf("[figures] X1 cluster of two up in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    void stopCluster() {
        try {
            if (a != null) {
                a.stop();
            }
        } finally {
            try {
                if (b != null) {
                    b.stop();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void enrollOnOneNodeSignInOnTheOther() {
        String username = DemoRealm.createUser(a.demoRealm(), "x1-enroll", true);
        Browser onA = new Browser(a.realmUrl(REALM));
        TotpDevice phone = TotpDevice.enroll(onA, DemoRealm.password(onA, username), username, "phone");

        Browser onB = new Browser(b.realmUrl(REALM));
        Browser.Page prompt = DemoRealm.password(onB, username);
        assertTrue(prompt.isCodePrompt(), () -> "B asks for a code of the device enrolled on A, got " + prompt);
        Browser.Page done = onB.submit(prompt, Map.of("otp", phone.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "signed in on B, got " + done);
        assertTrue(onB.exchange(done).has("id_token"), "B issues the tokens");
    }

    @Test
    @Order(2)
    void aCodeAcceptedOnOneNodeIsRefusedOnTheOtherAndSoIsAnOlderStep() {
        Codes.awayFromStepBoundary(0);
        TotpDevice replayUser = importedUser(a, "x1-replay");
        long now = Codes.currentStep(30);
        String code = replayUser.codeAt(now);
        assertTrue(a.signIn(replayUser, code).isRedirectToClient(), "accepted on A");
        Browser.Page replayed = b.signIn(replayUser, code);
        assertTrue(replayed.isCodePrompt() && !replayed.isRedirectToClient(), () -> "replay refused on B, got " + replayed);
        assertTrue(DemoRealm.reasons(b.demoRealm(), replayUser.userId()).contains("replayed"), "B's event says replayed");

        TotpDevice olderUser = importedUser(b, "x1-older");
        assertTrue(a.signIn(olderUser, olderUser.codeAt(now + 1)).isRedirectToClient(), "a newer step on A");
        Browser.Page older = b.signIn(olderUser, olderUser.codeAt(now));
        assertTrue(older.isCodePrompt() && !older.isRedirectToClient(),
                () -> "an older step (never used itself) refused on B after a newer one on A, got " + older);
    }

    @Test
    @Order(3)
    void oneCodeSubmittedTenTimesOnEachNodeAtOnceSucceedsExactlyOnce() throws Exception {
        TotpDevice user = importedUser(a, "x1-race");
        List<DemoRealm.Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prompts.add(a.prompt(user));
            prompts.add(b.prompt(user));
        }
        Codes.awayFromStepBoundary(0);
        String code = user.codeAt(Codes.currentStep(30));
        List<Browser.Page> pages = DemoRealm.Prompt.submitAtOnce(prompts, code);
        long successes = pages.stream().filter(Browser.Page::isRedirectToClient).count();
        long serverErrors = pages.stream().filter(p -> p.status() >= 500).count();
        System.out.printf("[figures] X1 race: 10 sessions on A + 10 on B, %d success, %d 5xx%n", successes, serverErrors);
        assertEquals(1, successes, "exactly one success across both nodes");
        assertEquals(0, serverErrors, "no 5xx");
    }

    @Test
    @Order(4)
    void failuresSplitOverTheNodesReachTheLimitAsOnOneNodeAndAnUnlockOnOneNodeHoldsOnTheOther() {
        TotpDevice user = importedUser(a, "x1-limit");
        DemoRealm.Prompt onA = a.prompt(user);
        DemoRealm.Prompt onB = b.prompt(user);
        String wrong = Codes.wrong(user.secret(), Codes.currentStep(30));
        Browser.Page page = onA.page();
        for (int i = 0; i < 3; i++) {
            page = onA.browser().submit(page, Map.of("otp", wrong));
            assertTrue(page.isCodePrompt(), "refused on A");
        }
        Browser.Page pageB = onB.page();
        for (int i = 0; i < 3; i++) {
            pageB = onB.browser().submit(pageB, Map.of("otp", wrong));
            assertTrue(pageB.isCodePrompt(), "refused on B");
        }
        List<String> reasons = DemoRealm.reasons(b.demoRealm(), user.userId());
        assertEquals(5, reasons.stream().filter("invalid"::equals).count(), () -> "five checked failures: " + reasons);
        assertEquals(1, reasons.stream().filter("waiting"::equals).count(), () -> "then waiting: " + reasons);
        for (ClusterNode node : List.of(a, b)) {
            JsonNode device = node.api().status(user.userId(), node.masterToken()).get("devices").get(0);
            assertEquals("waiting", device.get("state").asText(), () -> node + ": " + device);
            assertEquals(5, device.get("consecutiveFailures").asInt(), () -> node + ": " + device);
        }
        Codes.awayFromStepBoundary(0);
        String right = user.codeAt(Codes.currentStep(30));
        Browser.Page refused = onB.browser().submit(pageB, Map.of("otp", right));
        assertFalse(refused.isRedirectToClient(), "the right code is refused on B while the user waits");

        AdminApi.Reply unlock = a.api().call("POST", "users/" + user.userId() + "/unlock", a.masterToken());
        assertEquals(200, unlock.status(), unlock::toString);
        Browser.Page in = onB.browser().submit(refused, Map.of("otp", right));
        assertTrue(in.isRedirectToClient(), () -> "the unlock on A holds on B at once, got " + in);
    }

    @Test
    @Order(5)
    void aDeviceRemovedThroughOneNodeIsRefusedOnTheOtherAtOnce() {
        TotpDevice user = importedUser(a, "x1-remove");
        DemoRealm.Prompt onB = b.prompt(user);
        AdminApi.Reply removed = a.api().call("DELETE", "users/" + user.userId() + "/devices/" + user.credentialId(), a.masterToken());
        assertTrue(removed.status() == 200 || removed.status() == 204, removed::toString);
        Codes.awayFromStepBoundary(0);
        Browser.Page page = onB.submit(user.codeAt(Codes.currentStep(30)));
        assertTrue(page.status() < 500 && !page.isRedirectToClient(), () -> "the removed device's code is refused on B, got " + page);
        assertTrue(DemoRealm.reasons(b.demoRealm(), user.userId()).contains("no_device"), "B's event says no_device");
    }

    @Test
    @Order(6)
    void aStepTakenCommitsAsKeycloakCommitsItsSingleUseRecordsAndATransactionWithANewRowWaitsForTheFlush() {
        Codes.awayFromStepBoundary(0);
        TotpDevice plain = importedUser(a, "x1-commit");
        TotpDevice older = importedUser(a, "x1-commit-older");
        // as totp-guard before 0.2.0 stored a device: its state in the credential data, no row of its own; its first
        // use writes a new state row (an entity Keycloak does not let commit without the flush) and the step
        postgres.execute("UPDATE CREDENTIAL SET CREDENTIAL_DATA = '{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,"
                        + "\"lastStep\":0,\"drift\":0,\"failures\":0,\"blockedUntil\":0,\"lastUsed\":0}' WHERE ID = '"
                        + older.credentialId() + "'",
                "DELETE FROM TOTP_GUARD_DEVICE_STATE WHERE CREDENTIAL_ID = '" + older.credentialId() + "'");
        long now = Codes.currentStep(30);
        List<List<String>> transactions = StatementLog.transactionsDuring(postgres, () -> {
            assertTrue(a.signIn(plain, plain.codeAt(now)).isRedirectToClient(), "signed in with one statement");
            assertTrue(a.signIn(older, older.codeAt(now)).isRedirectToClient(), "signed in, the older device moved over");
        });

        List<List<String>> claims = transactions.stream().filter(tx -> tx.stream().anyMatch(ClusterIT::isClaim)
                && tx.stream().noneMatch(ClusterIT::isNewStateRow)).toList();
        assertEquals(1, claims.size(), () -> "one transaction took the step in one statement: " + transactions);
        List<String> claim = claims.get(0);
        // Keycloak sends the same setting again at commit where it wrote records of its own (a stored event)
        List<String> claimSettings = claim.stream().filter(s -> s.contains("synchronous_commit")).toList();
        assertTrue(!claimSettings.isEmpty() && claimSettings.stream().allMatch(WITHOUT_FLUSH::equals),
                () -> "it commits as Keycloak commits its single-use records, without waiting for the flush: " + claim);
        assertEquals(WITHOUT_FLUSH, claim.get(claim.indexOf(claim.stream().filter(ClusterIT::isClaim).findFirst()
                .orElseThrow()) + 1), () -> "sent with the claim, in the same round trip: " + claim);

        List<List<String>> moves = transactions.stream().filter(tx -> tx.stream().anyMatch(ClusterIT::isNewStateRow)).toList();
        assertEquals(1, moves.size(), () -> "one transaction moved the older device's state: " + transactions);
        List<String> move = moves.get(0);
        assertTrue(move.stream().anyMatch(s -> isStateUpdate(s) && !isClaim(s)), () -> "it also stored the accepted step: " + move);
        List<String> settings = move.stream().filter(s -> s.contains("synchronous_commit")).toList();
        assertEquals("SET LOCAL synchronous_commit TO DEFAULT", settings.get(settings.size() - 1),
                () -> "a new row needs the flush: the commit waits for it, the step stored with it too: " + move);
    }

    private static final String WITHOUT_FLUSH = "SET LOCAL synchronous_commit TO OFF";

    private static boolean isStateUpdate(String statement) {
        return statement.toUpperCase(java.util.Locale.ROOT).startsWith("UPDATE TOTP_GUARD_DEVICE_STATE");
    }

    private static boolean isClaim(String statement) {
        return isStateUpdate(statement) && statement.matches("(?s).*LAST_STEP\\s*<.*");
    }

    private static boolean isNewStateRow(String statement) {
        return statement.toUpperCase(java.util.Locale.ROOT).startsWith("INSERT INTO TOTP_GUARD_DEVICE_STATE");
    }

    @Test
    @Order(7)
    void nodeStoppedDuringARunOfSignInsTheOtherGoesOnAndRefusesItsUsedCodes() throws Exception {
        fillPool(40);
        try (SignInRun run = SignInRun.start(REALM, pool, List.of(a, b))) {
            run.awaitSuccesses(a, 4, 90);
            run.awaitSuccesses(b, 4, 90);
            run.remove(a);
            a.stop();
            b.awaitView(1);
            int onB = run.successes(b);
            run.awaitSuccesses(b, onB + 4, 90);
            run.stopAndWait();
            System.out.printf("[figures] X1 SIGTERM: %s%n", run.summary());
            assertEquals(List.of(), run.failuresOn(b), "every sign-in on B succeeded");

            List<SignInRun.Accepted> usedOnA = run.accepted(a);
            assertFalse(usedOnA.isEmpty());
            for (SignInRun.Accepted used : usedOnA) {
                Browser.Page replayed = b.signIn(used.user(), used.code());
                assertTrue(replayed.status() < 500 && !replayed.isRedirectToClient(),
                        () -> "a code used on A before it stopped is refused on B, got " + replayed);
            }
        }
        restart(a, null);
    }

    @Test
    @Order(8)
    void seedKeysRotatedTheTwoPhaseWayWhileUsersSignInNobodyFails() throws Exception {
        fillPool(40);
        String keyB = SeedKeys.newKeyLine("b", RANDOM);
        try (SignInRun run = SignInRun.start(REALM, pool, List.of(a, b))) {
            run.awaitSuccesses(a, 2, 90);
            // phase 1: every node learns key b, still sealing under a
            a.writeKeys(keyA, keyB);
            b.writeKeys(keyA, keyB);
            restartInRun(run, a, "a");
            restartInRun(run, b, "a");
            // phase 2: every node seals under b; halfway, a device enrolled on A (sealed under b) signs in on B
            restartInRun(run, a, "b");
            String username = DemoRealm.createUser(a.demoRealm(), "x1-rotate", true);
            Browser onA = new Browser(a.realmUrl(REALM));
            TotpDevice enrolled = TotpDevice.enroll(onA, DemoRealm.password(onA, username), username, "phone");
            Browser onB = new Browser(b.realmUrl(REALM));
            Browser.Page prompt = DemoRealm.password(onB, username);
            Browser.Page done = onB.submit(prompt, Map.of("otp", enrolled.nextCode()));
            assertTrue(done.isRedirectToClient(), () -> "sealed under b on A, opened on B (primary still a), got " + done);
            restartInRun(run, b, "b");

            AdminApi.Reply report = a.api().call("POST", "keys/reencrypt", a.masterToken());
            assertEquals(200, report.status(), report::toString);
            assertEquals(0, report.json().get("failed").asInt(), report::toString);
            JsonNode keys = b.api().call("GET", "keys", b.masterToken()).json();
            assertEquals("b", keys.get("primaryKeyId").asText(), keys::toString);
            assertFalse(keys.get("devicesByKey").has("a"), () -> "no device left under key a: " + keys);

            int doneOnA = run.successes(a);
            int doneOnB = run.successes(b);
            run.awaitSuccesses(a, doneOnA + 2, 90);
            run.awaitSuccesses(b, doneOnB + 2, 90);
            run.stopAndWait();
            System.out.printf("[figures] X1 rotation: %s, re-encrypted %s%n", run.summary(), report.json().get("reencrypted"));
            assertEquals(List.of(), run.failures(), "nobody failed to sign in during the rolling restarts");
        }
        for (ClusterNode node : List.of(a, b)) {
            for (TotpDevice user : pool) {
                assertFalse(node.log().contains(user.base32()), "no seed in " + node + "'s log");
            }
        }
    }

    // --- helpers

    /** Rolling restart of one node: out of the rotation, SIGTERM, start with the keys file as it is now, back in. */
    private void restartInRun(SignInRun run, ClusterNode node, String primaryKeyId) {
        run.remove(node);
        restart(node, primaryKeyId);
        run.add(node);
    }

    private void restart(ClusterNode node, String primaryKeyId) {
        ClusterNode other = node == a ? b : a;
        node.stop();
        other.awaitView(1);
        node.start(primaryKeyId, false);
        node.awaitReady();
        node.awaitView(2);
        other.awaitView(2);
    }

    private void fillPool(int size) {
        String token = a.masterToken();
        while (pool.size() < size) {
            pool.add(a.importedUser("x1-run", token, null, "seed"));
        }
    }

    private TotpDevice importedUser(ClusterNode node, String prefix) {
        return node.importedUser(prefix, node.masterToken(), null, "seed");
    }

    /** Deletes {@code dir} and everything in it, if it exists (also for the load test, src/load). */
    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
