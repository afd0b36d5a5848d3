package dev.totpguard.otp;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Checks a code against the steps {@code centre - window … centre + window}. Immutable, thread-safe.
 *
 * <p>Every step of the window is computed and compared, whatever matches, and the comparison has no
 * data-dependent branch, so the time taken does not tell which step (if any) matched. Replay protection
 * (accepting a step only once) is the caller's job: use the returned step.
 */
public final class TotpVerifier {
    /**
     * Largest window: 60 steps each side (30 minutes at 30 s). The one limit for every window and range checked with
     * this class (sign-in window, resync range); 121 HMACs take a few microseconds.
     */
    public static final int MAX_WINDOW = 60;

    private final Totp totp;
    private final int window;
    private final HmacAlgorithm algorithm;
    private final int modulus;
    // offsets in order of preference: 0, +1, -1, +2, -2, …
    private final long[] offsets;

    /**
     * @param window steps accepted on each side of the centre step, 0 to {@value #MAX_WINDOW}
     * @throws IllegalArgumentException if window is out of range
     */
    public TotpVerifier(Totp totp, int window) {
        this.totp = Objects.requireNonNull(totp, "totp");
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 0 and " + MAX_WINDOW);
        }
        this.window = window;
        this.algorithm = totp.algorithm();
        this.modulus = totp.modulus();
        this.offsets = new long[2 * window + 1];
        for (int k = 1; k <= window; k++) {
            offsets[2 * k - 1] = k;
            offsets[2 * k] = -k;
        }
    }

    public Totp totp() {
        return totp;
    }

    public int window() {
        return window;
    }

    /**
     * The step whose code equals {@code code}, among {@code centreStep ± window}.
     *
     * <p>If several steps match (two steps can share a code by chance), the one closest to the centre wins;
     * between two equally close, the later one, so that a caller recording the last used step also covers the
     * earlier match.
     *
     * @param key the shared secret, not empty; not modified or kept
     * @param code the candidate as a number; a value outside {@code 0 … 10^digits - 1} never matches
     * @return the matched step, or empty
     * @throws IllegalArgumentException if the key is empty or the window would overflow a long
     */
    public OptionalLong verify(byte[] key, int code, long centreStep) {
        Hotp.checkKey(key);
        if (centreStep < Long.MIN_VALUE + window || centreStep > Long.MAX_VALUE - window) {
            throw new IllegalArgumentException("centreStep too close to the range of long");
        }
        if (code < 0 || code >= modulus) {
            return OptionalLong.empty(); // depends only on the public candidate, not on the secret
        }
        MacState state = algorithm.macState();
        state.init(key); // one key schedule for the whole window: doFinal keeps the key
        long[] order = offsets;
        long result = 0;
        int found = 0;
        for (int i = 0; i < order.length; i++) {
            long step = centreStep + order[i];
            // Constant time: the expected code is derived from the secret, so neither its comparison nor the
            // choice of the result may branch on it (a timing difference would leak which step matched or
            // how many digits agreed). diff == 0 is turned into 1/0 arithmetically, and the loop never exits early.
            int diff = Hotp.truncate(state.hmac(step), modulus) ^ code;
            int match = ((diff | -diff) >>> 31) ^ 1; // 1 iff diff == 0
            int first = match & ~found;              // 1 iff this is the best match so far
            long mask = -(long) first;               // all ones or all zeros
            result = (result & ~mask) | (step & mask);
            found |= match;
        }
        return found == 0 ? OptionalLong.empty() : OptionalLong.of(result);
    }

    /**
     * Like {@link #verify(byte[], int, long)} for a code as typed: anything but exactly {@code digits} ASCII
     * digits (see {@link CodeParser}) is rejected without computing an HMAC.
     */
    public OptionalLong verify(byte[] key, CharSequence candidate, long centreStep) {
        Hotp.checkKey(key);
        OptionalInt code = CodeParser.parse(candidate, totp.digits());
        if (code.isEmpty()) {
            return OptionalLong.empty();
        }
        return verify(key, code.getAsInt(), centreStep);
    }

    @Override
    public String toString() {
        return "TotpVerifier[" + totp + ", window=" + window + "]";
    }
}
