package dev.totpguard.guard;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.totpguard.otp.CodeParser;
import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import org.jboss.logging.Logger;

/**
 * The common case of {@link CodeCheck}, a right code of a user who counts no failure, settled by one conditional
 * statement ({@link DeviceStore#claimStep}) instead of a locking read and writes:
 * <ol>
 *   <li>the device's parameters and seed come from Keycloak's credential store, cached like every credential (they
 *       never change for a device id); its moving state is not read at all;</li>
 *   <li>the code is verified against every step a stored drift could centre the window on (current step ± window ±
 *       maximum drift), in constant time;</li>
 *   <li>one statement claims the matched step on the device's row only if it is later than the last accepted step, the
 *       user counts no failure, and the stored drift is one that puts this step in the window — exactly what
 *       {@link CodeCheck} decides under the row locks; then the step is claimed in the single-use store.</li>
 * </ol>
 * The statement is issued for every well-formed code, with a step no row can take when nothing matched, so a code that
 * matches outside the real window costs no more time than one that matches nothing. Anything else — no match, a
 * replay, a user who counts failures, a device gone or of an older version, a seed that cannot be opened — returns
 * empty and {@link CodeCheck} decides under the row locks, as it always did.
 */
final class OneStatement {

    private static final Logger LOG = Logger.getLogger(OneStatement.class);

    /** A step no row can take: every stored last step is later. */
    private static final long NO_STEP = Long.MIN_VALUE;

    private final DeviceStore store;

    OneStatement(DeviceStore store) {
        this.store = store;
    }

    /** The accepted attempt, or empty when the locked path must decide. */
    Optional<Attempt> accept(String credentialId, String code, GuardPolicy policy, long now) {
        List<Device> known = store.known();
        Device device = credentialId == null || credentialId.isBlank()
                ? known.stream().findFirst().orElse(null)
                : known.stream().filter(d -> credentialId.equals(d.id())).findFirst().orElse(null);
        if (device == null) {
            return Optional.empty();
        }
        Totp totp = device.totp();
        OptionalInt parsed = CodeParser.parse(code, totp.digits());
        if (parsed.isEmpty()) {
            return Optional.empty(); // depends only on the input, not on the seed
        }
        byte[] seed;
        try {
            seed = store.seed(device);
        } catch (RuntimeException e) {
            return Optional.empty(); // the locked path refuses it and says why
        }
        long current;
        OptionalLong matched;
        try {
            current = totp.step(Instant.ofEpochMilli(now));
            matched = new TotpVerifier(totp, policy.window() + policy.maxDrift()).verify(seed, parsed.getAsInt(), current);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        long step = matched.orElse(NO_STEP);
        int[] drifts = matched.isPresent() ? driftsPlacing(step - current, policy) : new int[]{0, -1};
        if (!store.claimStep(device, step, policy.learnedDrift(step, current), drifts[0], drifts[1], now)) {
            return Optional.empty();
        }
        boolean claimed;
        try {
            claimed = store.claim(device, step, policy.window() + policy.maxDrift());
        } catch (RuntimeException e) {
            // the exception's message is not logged: it could echo input
            LOG.errorf("totp-guard: claiming a step of device %s failed with %s; refused and counted as a failure",
                    device.id(), e.getClass().getName());
            claimed = false;
        }
        if (!claimed) {
            // claimed by a transaction that never committed its last step (or by a node of an older version), or the
            // single-use store failed: the row took the step in this transaction, so the locked path refuses the code
            // as a replay, and counts it
            return Optional.empty();
        }
        return Optional.of(new Attempt(Attempt.Outcome.ACCEPTED, device.id(), device.label(),
                step - current, policy.learnedDrift(step, current), 0, Attempt.Transition.NONE));
    }

    /**
     * The stored drifts whose window, as {@link GuardPolicy#centre} places it, contains a step {@code offset} steps
     * from the current one: {@code {from, to}}, empty ({@code from > to}) when none. The centre is the current step
     * plus the drift clamped to ± maximum drift, so every drift beyond the maximum acts as the maximum.
     */
    static int[] driftsPlacing(long offset, GuardPolicy policy) {
        long low = offset - policy.window();
        long high = offset + policy.window();
        int max = policy.maxDrift();
        if (high < -max || low > max) {
            return new int[]{0, -1};
        }
        int from = low <= -max ? Integer.MIN_VALUE : (int) low;
        int to = high >= max ? Integer.MAX_VALUE : (int) high;
        return new int[]{from, to};
    }
}
