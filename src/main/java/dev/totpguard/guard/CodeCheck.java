package dev.totpguard.guard;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import dev.totpguard.otp.CodeParser;
import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import org.jboss.logging.Logger;

/**
 * Checks a code: the one place that does, for every way into a device (the sign-in prompt, the direct grant,
 * {@code CredentialProvider.isValid}; enrollment uses its {@link #match} half). A right code of a user who counts no
 * failure is settled by one conditional statement ({@link OneStatement}); everything else, in order:
 * <ol>
 *   <li>read all the user's devices under a row lock ({@link DeviceStore#lockAll}); a device removed meanwhile is gone;</li>
 *   <li>refuse, without looking at the code, while the user waits or is locked: the limit counts failures on all the
 *       user's devices together, so choosing another device buys no guess, and it is the realm's strictest
 *       ({@link Throttle}), so choosing another way in (another flow, the direct grant) buys none either;</li>
 *   <li>parse strictly, open the sealed seed, verify in the window centred on the device's learned drift, or take the
 *       second of two consecutive codes (resync), and claim the step so it is accepted once;</li>
 *   <li>store the counters: a success clears them, a counted failure raises them on every device of the user and may
 *       start a wait or a lockout, which the result says.</li>
 * </ol>
 * An unexpected exception while judging the code is refused and counted ({@link Attempt.Outcome#ERROR}), never a
 * free guess.
 */
public final class CodeCheck {

    private static final Logger LOG = Logger.getLogger(CodeCheck.class);

    /** Whether a code had the right shape, and the step it matched. */
    public record Match(boolean wellFormed, OptionalLong step) {
        static final Match MALFORMED = new Match(false, OptionalLong.empty());
    }

    private final DeviceStore store;
    private final LongSupplier clock;
    private final Throttle realmThrottle;

    /**
     * @param clock         epoch milliseconds
     * @param realmThrottle the strictest throttle of the realm's executions ({@link RealmPolicies#throttle}): every
     *                      attempt counts against it, combined with the running execution's own
     */
    public CodeCheck(DeviceStore store, LongSupplier clock, Throttle realmThrottle) {
        this.store = store;
        this.clock = clock;
        this.realmThrottle = realmThrottle;
    }

    /**
     * Parse and verify only, for a seed not stored yet (enrollment): no limits, no claim.
     *
     * @param code as typed; anything but exactly the device's number of ASCII digits is not well formed
     */
    public static Match match(Totp totp, byte[] seed, String code, long centreStep, int window) {
        OptionalInt parsed = CodeParser.parse(code, totp.digits());
        if (parsed.isEmpty()) {
            return Match.MALFORMED;
        }
        return new Match(true, new TotpVerifier(totp, window).verify(seed, parsed.getAsInt(), centreStep));
    }

    /**
     * One attempt.
     *
     * @param credentialId the device the user chose; blank for the user's first (default) device
     * @param code         the submitted value, or {@code null} when there was none or several
     * @param policy       the running execution's: its window, drift and resync decide how the code is verified; its
     *                     throttle counts only where it is stricter than the realm's (which already includes it)
     * @param notes        where a resync waits for its second code; {@code null} where there is no second request
     *                     (direct grant, {@code isValid}): a code outside the window is then simply invalid
     */
    public Attempt attempt(String credentialId, String code, GuardPolicy policy, ResyncNotes notes) {
        long now = clock.getAsLong();
        Optional<Attempt> accepted = new OneStatement(store).accept(credentialId, code, policy, now);
        if (accepted.isPresent()) {
            clear(notes);
            return accepted.get();
        }
        List<Device> devices = store.lockAll();
        int failures = devices.stream().mapToInt(d -> d.failures()).max().orElse(0);
        long waitUntil = devices.stream().mapToLong(Device::waitUntil).max().orElse(0L);
        Optional<Device> selected = credentialId == null || credentialId.isBlank()
                ? devices.stream().findFirst()
                : devices.stream().filter(d -> credentialId.equals(d.id())).findFirst();
        Device device = selected.orElse(null);
        Throttle throttle = policy.throttle().strictestWith(realmThrottle);

        switch (throttle.standing(failures, waitUntil, now)) {
            case LOCKED_OUT:
                return refused(Attempt.Outcome.LOCKED, device, failures);
            case WAITING:
                return refused(Attempt.Outcome.WAITING, device, failures);
            case FREE:
                break;
        }
        if (device == null) {
            return devices.isEmpty() ? refused(Attempt.Outcome.NO_DEVICE, null, 0)
                    : fail(devices, null, Attempt.Outcome.NO_DEVICE, throttle, failures, now);
        }

        Judged judged;
        try {
            judged = judge(device, code, policy, notes, now);
        } catch (UnsealedSeedException e) {
            LOG.errorf("totp-guard: sign-in with device %s refused: its seed is not sealed by the totp-guard keys "
                    + "(stored outside totp-guard, or by 0.1); an admin may seal it through the admin API", device.id());
            return refused(Attempt.Outcome.UNSEALED, device, failures);
        } catch (SeedUnavailableException e) {
            // fail closed, not counted against the user: the fault is the server's
            LOG.errorf("totp-guard: sign-in with device %s refused: its seed %s", device.id(), e.getMessage());
            return refused(Attempt.Outcome.UNAVAILABLE, device, failures);
        } catch (RuntimeException e) {
            // the exception's message is not logged: it could echo input
            LOG.errorf("totp-guard: checking a code of device %s failed with %s; refused and counted as a failure",
                    device.id(), e.getClass().getName());
            judged = new Judged(Attempt.Outcome.ERROR, 0L, 0L);
        }
        if (!judged.outcome().success()) {
            return fail(devices, device, judged.outcome(), throttle, failures, now);
        }
        int drift = policy.learnedDrift(judged.step(), judged.current());
        store.accepted(device, judged.step(), drift, now, devices.stream().anyMatch(d -> d.counting()));
        return new Attempt(judged.outcome(), device.id(), label(device), judged.step() - judged.current(),
                drift, 0, Attempt.Transition.NONE);
    }

    private record Judged(Attempt.Outcome outcome, long step, long current) {
    }

    private Judged judge(Device device, String code, GuardPolicy policy, ResyncNotes notes, long now) {
        Totp totp = device.totp();
        OptionalInt parsed = CodeParser.parse(code, totp.digits());
        if (parsed.isEmpty()) {
            return new Judged(Attempt.Outcome.MALFORMED, 0L, 0L);
        }
        byte[] seed = store.seed(device);
        try {
            long current = totp.step(Instant.ofEpochMilli(now));
            int reach = policy.window() + policy.maxDrift();
            OptionalLong matched = new TotpVerifier(totp, policy.window())
                    .verify(seed, parsed.getAsInt(), policy.centre(current, device.drift()));
            if (matched.isPresent()) {
                clear(notes);
                return claimed(device, matched.getAsLong(), current, reach, Attempt.Outcome.ACCEPTED);
            }
            if (notes == null || policy.resyncRange() == 0) {
                return new Judged(Attempt.Outcome.INVALID, 0L, current);
            }
            OptionalLong pending = pendingResync(notes.get(), device, current);
            if (pending.isPresent()) {
                long next = pending.getAsLong() + 1;
                if (Math.abs(next - current) <= policy.resyncRange()
                        && new TotpVerifier(totp, 0).verify(seed, parsed.getAsInt(), next).isPresent()) {
                    notes.clear();
                    return claimed(device, next, current, Math.max(reach, (int) Math.abs(next - current) + 1),
                            Attempt.Outcome.RESYNCED);
                }
            }
            OptionalLong far = new TotpVerifier(totp, policy.resyncRange()).verify(seed, parsed.getAsInt(), current);
            if (far.isPresent() && far.getAsLong() > device.lastStep()) {
                notes.set(device.id() + ":" + far.getAsLong() + ":" + current);
                return new Judged(Attempt.Outcome.RESYNC_REQUIRED, 0L, current);
            }
            notes.clear();
            return new Judged(Attempt.Outcome.INVALID, 0L, current);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Accept once: a step later than the device's last accepted one, and claimed cluster-wide. */
    private Judged claimed(Device device, long step, long current, int reach, Attempt.Outcome outcome) {
        if (step <= device.lastStep() || !store.claim(device, step, reach)) {
            return new Judged(Attempt.Outcome.REPLAYED, 0L, current);
        }
        return new Judged(outcome, step, current);
    }

    /** A counted failure: one more for the user, on every device, with the wait or lockout it starts. */
    private Attempt fail(List<Device> devices, Device device, Attempt.Outcome outcome,
                         Throttle throttle, int failures, long now) {
        int newFailures = failures + 1;
        long waitUntil = throttle.waitUntil(newFailures, now);
        store.throttled(newFailures, waitUntil);
        Attempt.Transition transition = throttle.lockedOut(newFailures) ? Attempt.Transition.LOCKED
                    : waitUntil > now ? Attempt.Transition.WAIT_STARTED : Attempt.Transition.NONE;
        return new Attempt(outcome, device == null ? null : device.id(), label(device),
                0L, device == null ? 0 : device.drift(), newFailures, transition);
    }

    private static Attempt refused(Attempt.Outcome outcome, Device device, int failures) {
        return new Attempt(outcome, device == null ? null : device.id(), label(device),
                0L, device == null ? 0 : device.drift(), failures, Attempt.Transition.NONE);
    }

    private static String label(Device device) {
        return device == null ? null : device.label();
    }

    private static void clear(ResyncNotes notes) {
        if (notes != null) {
            notes.clear();
        }
    }

    /**
     * The step the first resync code matched, if the note is this device's and not older than
     * {@value ResyncNotes#NOTE_STEPS} steps.
     */
    static OptionalLong pendingResync(String note, Device device, long current) {
        String prefix = device.id() + ":";
        if (note == null || !note.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        String[] parts = note.substring(prefix.length()).split(":");
        if (parts.length != 2) {
            return OptionalLong.empty();
        }
        try {
            long matched = Long.parseLong(parts[0]);
            long seenAt = Long.parseLong(parts[1]);
            return current >= seenAt && current - seenAt <= ResyncNotes.NOTE_STEPS ? OptionalLong.of(matched) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
