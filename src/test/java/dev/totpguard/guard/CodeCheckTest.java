package dev.totpguard.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every outcome of the one verification path, on a store in memory and a clock the test moves. */
class CodeCheckTest {

    private static final Totp TOTP = Totp.defaults();
    private static final long T0 = 1_800_000_000_000L; // a step boundary: 60_000_000 * 30 s
    private static final GuardPolicy POLICY = GuardPolicy.DEFAULT; // window 1, drift 5, resync 10, wait after 5

    private final Store store = new Store();
    private long now = T0 + 1_000;
    private final CodeCheck check = new CodeCheck(store, () -> now, Throttle.LAXEST);
    private final Notes notes = new Notes();

    private long step() {
        return Math.floorDiv(now, 30_000L);
    }

    private static String code(byte[] seed, long step) {
        return String.format(Locale.ROOT, "%06d", TOTP.generate(seed, step));
    }

    /** A code of the device that matches none of the steps around {@code step}. */
    private static String wrong(byte[] seed, long step) {
        for (int c = 0; ; c += 7919) {
            String candidate = String.format(Locale.ROOT, "%06d", c % 1_000_000);
            boolean matches = false;
            for (long s = step - GuardPolicy.MAX_RESYNC_RANGE; s <= step + GuardPolicy.MAX_RESYNC_RANGE; s++) {
                matches |= candidate.equals(code(seed, s));
            }
            if (!matches) {
                return candidate;
            }
        }
    }

    @Test
    void acceptsACodeOfTheWindowOnceAndStoresTheStep() {
        byte[] seed = store.add("d1");
        Attempt ok = check.attempt("d1", code(seed, step() + 1), POLICY, notes);
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome());
        assertEquals(1, ok.skew());
        assertEquals(step() + 1, store.get("d1").lastStep());
        Attempt again = check.attempt("d1", code(seed, step() + 1), POLICY, notes);
        assertEquals(Attempt.Outcome.REPLAYED, again.outcome());
        assertEquals(1, again.failures(), "a replay is counted");
        Attempt older = check.attempt("d1", code(seed, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.REPLAYED, older.outcome(), "a step before the last accepted one is refused");
    }

    @Test
    void theSingleUseClaimDecidesToo() {
        byte[] seed = store.add("d1");
        store.claimed.add("d1:" + step());
        assertEquals(Attempt.Outcome.REPLAYED, check.attempt("d1", code(seed, step()), POLICY, notes).outcome(),
                "a step claimed by a concurrent request (another node) is refused");
    }

    @Test
    void malformedInvalidAndOutsideTheWindowAreCountedFailures() {
        byte[] seed = store.add("d1");
        assertEquals(Attempt.Outcome.MALFORMED, check.attempt("d1", " " + code(seed, step()), POLICY, notes).outcome());
        assertEquals(Attempt.Outcome.MALFORMED, check.attempt("d1", null, POLICY, notes).outcome());
        assertEquals(Attempt.Outcome.INVALID, check.attempt("d1", wrong(seed, step()), POLICY, notes).outcome());
        Attempt far = check.attempt("d1", code(seed, step() + 30), POLICY, notes);
        assertEquals(Attempt.Outcome.INVALID, far.outcome(), "beyond the resync range");
        assertEquals(4, far.failures());
        assertEquals(4, store.get("d1").failures());
    }

    @Test
    void theLimitIsPerUserSoRotatingDevicesBuysNoGuess() {
        byte[] s1 = store.add("d1");
        byte[] s2 = store.add("d2");
        byte[] s3 = store.add("d3");
        List<String> ids = List.of("d1", "d2", "d3");
        List<byte[]> seeds = List.of(s1, s2, s3);
        Attempt last = null;
        for (int i = 0; i < POLICY.throttle().failureLimit(); i++) {
            last = check.attempt(ids.get(i % 3), wrong(seeds.get(i % 3), step()), POLICY, notes);
            assertEquals(Attempt.Outcome.INVALID, last.outcome());
            assertEquals(i + 1, last.failures(), "one count for the user, whichever device");
            assertEquals(i + 1 < POLICY.throttle().failureLimit() ? Attempt.Transition.NONE : Attempt.Transition.WAIT_STARTED,
                    last.transition());
        }
        for (String id : ids) {
            Attempt waiting = check.attempt(id, code(seeds.get(ids.indexOf(id)), step()), POLICY, notes);
            assertEquals(Attempt.Outcome.WAITING, waiting.outcome(), "every device waits, " + id);
            assertFalse(waiting.outcome().counted());
            assertEquals(5, store.get(id).failures());
        }
        assertEquals(Attempt.Outcome.WAITING, check.attempt("gone", "123456", POLICY, notes).outcome());

        now += POLICY.throttle().delaySeconds() * 1000L + 30_000L; // the wait is over, one step later
        Attempt ok = check.attempt("d3", code(s3, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome());
        for (String id : ids) {
            assertEquals(0, store.get(id).failures(), "a success clears the user's count on every device");
            assertEquals(0L, store.get(id).waitUntil());
        }
    }

    @Test
    void lockoutStopsEveryDeviceUntilUnlocked() {
        GuardPolicy strict = new GuardPolicy(1, 5, 10, new Throttle(2, 0, 1, 0, 3));
        byte[] s1 = store.add("d1");
        byte[] s2 = store.add("d2");
        assertEquals(Attempt.Transition.NONE, check.attempt("d1", wrong(s1, step()), strict, notes).transition());
        assertEquals(Attempt.Transition.NONE, check.attempt("d2", wrong(s2, step()), strict, notes).transition(),
                "a zero delay starts no wait");
        Attempt third = check.attempt("d1", wrong(s1, step()), strict, notes);
        assertEquals(Attempt.Transition.LOCKED, third.transition());
        assertEquals(Attempt.Outcome.LOCKED, check.attempt("d2", code(s2, step()), strict, notes).outcome());
        now += 86_400_000L;
        assertEquals(Attempt.Outcome.LOCKED, check.attempt("d2", code(s2, step()), strict, notes).outcome(),
                "a lockout does not expire");
    }

    @Test
    void theRealmsStrictestThrottleDecidesAtALaxExecution() {
        // the running execution is lax (the defaults: a wait after 5, a lockout after 100); another one of the realm
        // locks out after 3
        CodeCheck realmWide = new CodeCheck(store, () -> now, new Throttle(3, 0, 1, 0, 3));
        byte[] seed = store.add("d1");
        assertEquals(Attempt.Transition.NONE, realmWide.attempt("d1", wrong(seed, step()), POLICY, notes).transition());
        assertEquals(Attempt.Transition.NONE, realmWide.attempt("d1", wrong(seed, step()), POLICY, notes).transition());
        Attempt third = realmWide.attempt("d1", wrong(seed, step()), POLICY, notes);
        assertEquals(Attempt.Transition.LOCKED, third.transition(), "the third failure reaches the strictest lockout");
        assertEquals(Attempt.Outcome.LOCKED, realmWide.attempt("d1", code(seed, step()), POLICY, notes).outcome(),
                "the right code is refused at the lax execution");
        assertEquals(Attempt.Outcome.LOCKED, realmWide.attempt(null, code(seed, step()), POLICY.withoutResync(), null)
                .outcome(), "and at any other");
        assertEquals(3, store.get("d1").failures(), "refusals while locked are not counted again");
    }

    @Test
    void aLaxRealmThrottleNeverLoosensAStricterExecution() {
        CodeCheck realmWide = new CodeCheck(store, () -> now, Throttle.DEFAULT);
        GuardPolicy strict = new GuardPolicy(1, 5, 10, new Throttle(2, 60, 1, 60, 4));
        byte[] seed = store.add("d1");
        assertEquals(Attempt.Transition.NONE, realmWide.attempt("d1", wrong(seed, step()), strict, notes).transition());
        Attempt second = realmWide.attempt("d1", wrong(seed, step()), strict, notes);
        assertEquals(Attempt.Transition.WAIT_STARTED, second.transition(), "the execution's own limit of 2");
        assertEquals(now + 60_000L, store.get("d1").waitUntil(), "the longer of the two delays");
        assertEquals(Attempt.Outcome.WAITING, realmWide.attempt("d1", code(seed, step()), POLICY, notes).outcome(),
                "a lax execution honours the wait");
    }

    @Test
    void anUnexpectedExceptionIsRefusedAndCounted() {
        store.add("d1");
        store.seedFailure = new IllegalStateException("boom");
        Attempt attempt = check.attempt("d1", "123456", POLICY, notes);
        assertEquals(Attempt.Outcome.ERROR, attempt.outcome());
        assertTrue(attempt.outcome().counted());
        assertEquals(1, store.get("d1").failures());

        store.seedFailure = null;
        store.claimFailure = new IllegalStateException("cache down");
        byte[] seed = store.seeds.get("d1");
        Attempt claim = check.attempt("d1", code(seed, step()), POLICY, notes);
        assertFalse(claim.success(), "a failing claim never accepts: " + claim.outcome());
        assertTrue(claim.outcome().counted());
        assertEquals(2, store.get("d1").failures());
    }

    @Test
    void keysMissingAndUnsealedSeedsFailClosedWithoutCounting() {
        byte[] seed = store.add("d1");
        store.seedFailure = new SeedUnavailableException("no keys");
        assertEquals(Attempt.Outcome.UNAVAILABLE, check.attempt("d1", code(seed, step()), POLICY, notes).outcome());
        store.seedFailure = new UnsealedSeedException("d1");
        Attempt unsealed = check.attempt("d1", code(seed, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.UNSEALED, unsealed.outcome());
        assertFalse(unsealed.success());
        assertEquals(0, store.get("d1").failures());
    }

    @Test
    void aRemovedDeviceIsNoDeviceAndCounted() {
        byte[] seed = store.add("d1");
        store.add("d2");
        store.devices.remove("d2"); // removed by an admin, on this or another node
        Attempt attempt = check.attempt("d2", code(seed, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.NO_DEVICE, attempt.outcome());
        assertEquals(1, store.get("d1").failures());
        assertEquals(Attempt.Outcome.NO_DEVICE, new CodeCheck(new Store(), () -> now, Throttle.LAXEST).attempt(null, "123456", POLICY, notes)
                .outcome(), "a user without devices");
    }

    @Test
    void blankDeviceIdMeansTheFirstDevice() {
        byte[] seed = store.add("d1");
        store.add("d2");
        Attempt attempt = check.attempt(null, code(seed, step()), POLICY, null);
        assertEquals("d1", attempt.credentialId());
        assertTrue(attempt.success());
    }

    @Test
    void resyncAtTheLargestRangeCountsWrongCodesAndAcceptsTwoConsecutiveCodes() {
        GuardPolicy wide = new GuardPolicy(1, 5, GuardPolicy.MAX_RESYNC_RANGE, new Throttle(5, 30, 2, 900, 100));
        byte[] seed = store.add("d1");
        Attempt wrong = check.attempt("d1", wrong(seed, step()), wide, notes);
        assertEquals(Attempt.Outcome.INVALID, wrong.outcome(), "checked over ±60 steps without an error");
        assertEquals(1, wrong.failures());

        long fast = step() + 50;
        Attempt first = check.attempt("d1", code(seed, fast), wide, notes);
        assertEquals(Attempt.Outcome.RESYNC_REQUIRED, first.outcome());
        assertTrue(first.outcome().counted());
        Attempt second = check.attempt("d1", code(seed, fast + 1), wide, notes);
        assertEquals(Attempt.Outcome.RESYNCED, second.outcome());
        assertEquals(5, second.drift(), "learned drift is clamped to the maximum drift");
        assertEquals(5, store.get("d1").drift());
        assertEquals(fast + 1, store.get("d1").lastStep());
        assertNull(notes.value, "the note is used up");
    }

    @Test
    void aStaleResyncNoteIsNotASecondCode() {
        byte[] seed = store.add("d1");
        long far = step() + 8;
        assertEquals(Attempt.Outcome.RESYNC_REQUIRED, check.attempt("d1", code(seed, far), POLICY, notes).outcome());
        now += (ResyncNotes.NOTE_STEPS + 1) * 30_000L;
        Attempt late = check.attempt("d1", code(seed, far + 1), POLICY, notes);
        assertFalse(late.success(), "the second code came too late: " + late.outcome());
    }

    @Test
    void theSecondCodeMustBeWithinTheResyncRangeOfNow() {
        byte[] seed = store.add("d1");
        notes.value = "d1:" + (step() + 10) + ":" + step(); // a first code at the edge of the range
        Attempt attempt = check.attempt("d1", code(seed, step() + 11), POLICY, notes);
        assertFalse(attempt.success(), "step +11 is outside the resync range of 10");
    }

    @Test
    void withoutNotesThereIsNoResync() {
        byte[] seed = store.add("d1");
        Attempt attempt = check.attempt("d1", code(seed, step() + 4), POLICY, null);
        assertEquals(Attempt.Outcome.INVALID, attempt.outcome());
    }

    @Test
    void aLearnedDriftCentresTheWindowWithinTheMaximum() {
        byte[] seed = store.add("d1");
        store.put(store.get("d1").withDrift(40));
        assertEquals(Attempt.Outcome.ACCEPTED, check.attempt("d1", code(seed, step() + 6), POLICY, notes).outcome(),
                "a stored drift of 40 counts as the maximum drift, 5");
        assertFalse(check.attempt("d1", code(seed, step() + 40), POLICY, null).success());
    }

    @Test
    void aRightCodeOfAUserWithoutFailuresIsOneStatementAndNoLock() {
        byte[] seed = store.add("d1");
        Attempt ok = check.attempt("d1", code(seed, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome());
        assertEquals(1, store.statements, "one conditional statement");
        assertEquals(0, store.locks, "no locking read");
        assertEquals(step(), store.get("d1").lastStep());
        assertEquals(now, store.get("d1").lastUsed());
    }

    @Test
    void aUserWhoCountsFailuresIsDecidedUnderTheLocksAndCleared() {
        byte[] s1 = store.add("d1");
        byte[] s2 = store.add("d2");
        assertEquals(Attempt.Outcome.INVALID, check.attempt("d2", wrong(s2, step()), POLICY, notes).outcome());
        store.statements = 0;
        store.locks = 0;
        Attempt ok = check.attempt("d1", code(s1, step()), POLICY, notes);
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome());
        assertEquals(1, store.locks, "the statement refused: the user counts a failure");
        assertEquals(0, store.get("d1").failures());
        assertEquals(0, store.get("d2").failures(), "cleared on every device");
    }

    @Test
    void theStatementHonoursTheStoredDriftAndNeverTakesAnOlderStep() {
        byte[] seed = store.add("d1");
        store.put(store.get("d1").withDrift(-3));
        assertEquals(Attempt.Outcome.INVALID, check.attempt("d1", code(seed, step() + 1), POLICY, null).outcome(),
                "in the window around now, but not around now - 3, where the learned drift centres it");
        now += 600_000L; // the wait after one failure is none; clear the count with a right code
        Attempt ok = check.attempt("d1", code(seed, step() - 3), POLICY, null);
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), "the learned drift's window");
        Attempt again = check.attempt("d1", code(seed, step() - 4), POLICY, null);
        assertEquals(Attempt.Outcome.REPLAYED, again.outcome(), "a step before the last accepted one");
    }

    @Test
    void driftsPlacingAStepFollowTheClamp() {
        GuardPolicy p = POLICY; // window 1, maximum drift 5
        assertArrayEquals(new int[]{-1, 1}, OneStatement.driftsPlacing(0, p));
        assertArrayEquals(new int[]{3, Integer.MAX_VALUE}, OneStatement.driftsPlacing(4, p),
                "a stored drift beyond the maximum centres on the maximum, 5, whose window holds 4");
        assertArrayEquals(new int[]{4, Integer.MAX_VALUE}, OneStatement.driftsPlacing(5, p),
                "a drift beyond the maximum centres on the maximum");
        assertArrayEquals(new int[]{Integer.MIN_VALUE, -5}, OneStatement.driftsPlacing(-6, p));
        int[] none = OneStatement.driftsPlacing(7, p);
        assertTrue(none[0] > none[1], "no drift reaches 7 steps");
    }

    @Test
    void matchParsesStrictlyAndVerifiesWithoutLimits() {
        byte[] seed = store.add("d1");
        assertFalse(CodeCheck.match(TOTP, seed, "12345", step(), 1).wellFormed());
        assertFalse(CodeCheck.match(TOTP, seed, null, step(), 1).wellFormed());
        assertEquals(step() - 1, CodeCheck.match(TOTP, seed, code(seed, step() - 1), step(), 1).step().getAsLong());
        assertTrue(CodeCheck.match(TOTP, seed, wrong(seed, step()), step(), 1).step().isEmpty());
    }

    /** The user's devices in memory; steps claimed in a set. */
    private static final class Store implements DeviceStore {
        final Map<String, Device> devices = new LinkedHashMap<>();
        final Map<String, byte[]> seeds = new HashMap<>();
        final Set<String> claimed = new HashSet<>();
        RuntimeException seedFailure;
        RuntimeException claimFailure;
        /** statements on the rows, and locking reads */
        int statements;
        int locks;
        private int next = 1;

        byte[] add(String id) {
            byte[] seed = new byte[20];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = (byte) (id.hashCode() * 31 + i * 17 + next);
            }
            next++;
            devices.put(id, Device.known(id, id, TOTP));
            seeds.put(id, seed);
            return seed.clone();
        }

        Device get(String id) {
            return devices.get(id);
        }

        /** As Keycloak's credential store has them: parameters and seeds, no moving state (it lives in the rows). */
        @Override
        public List<Device> known() {
            List<Device> known = new ArrayList<>();
            for (Device d : devices.values()) {
                known.add(Device.known(d.id(), d.label(), d.totp()));
            }
            return known;
        }

        /** The conditional statement, as the database runs it on the device's row. */
        @Override
        public boolean claimStep(Device device, long step, int newDrift, int driftFrom, int driftTo, long nowMillis) {
            statements++;
            Device row = devices.get(device.id());
            if (row == null || row.lastStep() >= step || row.failures() != 0
                    || row.drift() < driftFrom || row.drift() > driftTo) {
                return false;
            }
            devices.put(row.id(), row.accepted(step, newDrift, nowMillis));
            return true;
        }

        @Override
        public List<Device> lockAll() {
            locks++;
            return new ArrayList<>(devices.values());
        }

        @Override
        public byte[] seed(Device device) {
            if (seedFailure != null) {
                throw seedFailure;
            }
            return seeds.get(device.id()).clone();
        }

        @Override
        public boolean claim(Device device, long step, int reach) {
            if (claimFailure != null) {
                throw claimFailure;
            }
            return claimed.add(device.id() + ":" + step);
        }

        @Override
        public void accepted(Device device, long step, int drift, long nowMillis, boolean counting) {
            statements++;
            if (counting) {
                throttled(0, 0L);
            }
            Device row = devices.get(device.id());
            devices.put(row.id(), row.accepted(step, drift, nowMillis));
        }

        @Override
        public void throttled(int failures, long waitUntil) {
            statements++;
            devices.replaceAll((id, d) -> d.throttled(failures, waitUntil));
        }

        void put(Device device) {
            devices.put(device.id(), device);
        }
    }

    private static final class Notes implements ResyncNotes {
        String value;

        @Override
        public String get() {
            return value;
        }

        @Override
        public void set(String v) {
            value = v;
        }

        @Override
        public void clear() {
            value = null;
        }
    }
}
