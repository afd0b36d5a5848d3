package dev.totpguard.bench;

import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.models.utils.TimeBasedOTP;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a wrong 6-digit code with a window of ±1 step (so all three steps are computed) against a 20-byte
 * SHA1 secret: ours, Keycloak's {@code TimeBasedOTP}, and the floor (raw {@code Mac}: one init, three doFinal).
 *
 * <p>Run: {@code mvn -Pbench} (defaults below), or e.g. {@code mvn -Pbench -Dbench.args="-f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class VerifyBenchmark {
    private byte[] key;
    private long step;
    private int wrongCode;
    private String wrongCodeString;
    private TotpVerifier verifier;
    private TimeBasedOTP keycloak;

    @Setup
    public void setUp() {
        key = new byte[20];
        new Random(20250601).nextBytes(key);
        Totp totp = Totp.defaults();
        verifier = new TotpVerifier(totp, 1);
        keycloak = new TimeBasedOTP("HmacSHA1", 6, 30, 1);
        step = totp.step(Instant.now());

        // Keycloak reads the clock itself: the code must be wrong for every step it can meet in the next day
        Set<Integer> used = new HashSet<>();
        for (long s = step - 2; s <= step + 2 * 24 * 60 * 2; s++) {
            used.add(totp.generate(key, s));
        }
        int code = 0;
        while (used.contains(code)) {
            code++;
        }
        wrongCode = code;
        wrongCodeString = totp.format(code);

        // sanity: all three reject the wrong code, and Keycloak accepts a right one (so it really computes)
        if (verifier.verify(key, wrongCode, step).isPresent() || keycloak.validateTOTP(wrongCodeString, key)
                || floor(new FloorState(), key, step) == wrongCode) {
            throw new IllegalStateException("the wrong code is accepted");
        }
        long now = totp.step(Instant.now());
        if (!keycloak.validateTOTP(totp.generateString(key, now), key)) {
            throw new IllegalStateException("Keycloak rejects a right code: benchmark set-up is broken");
        }
    }

    /** Ours, as the authenticator calls it. */
    @Benchmark
    public OptionalLong ours() {
        return verifier.verify(key, wrongCode, step);
    }

    /** Ours from the typed string (includes {@code CodeParser}). */
    @Benchmark
    public OptionalLong oursString() {
        return verifier.verify(key, wrongCodeString, step);
    }

    /** Ours, one shared verifier, two threads: thread-safe and no contention. */
    @Benchmark
    @Threads(2)
    public OptionalLong oursTwoThreads() {
        return verifier.verify(key, wrongCode, step);
    }

    /** Keycloak 26.7's built-in verifier with the same settings. */
    @Benchmark
    public boolean keycloak() {
        return keycloak.validateTOTP(wrongCodeString, key);
    }

    /** Per-thread Mac for the floor. */
    @State(Scope.Thread)
    public static class FloorState {
        final Mac mac;
        final byte[] counter = new byte[8];

        public FloorState() {
            try {
                mac = Mac.getInstance("HmacSHA1");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Floor: raw Mac, one init per verification, three doFinal on 8-byte counters, minimal truncation. */
    @Benchmark
    public int floor(FloorState state) {
        return floor(state, key, step);
    }

    @Benchmark
    @Threads(2)
    public int floorTwoThreads(FloorState state) {
        return floor(state, key, step);
    }

    private static int floor(FloorState state, byte[] key, long step) {
        try {
            Mac mac = state.mac;
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] c = state.counter;
            int result = -1;
            for (long s = step - 1; s <= step + 1; s++) {
                for (int i = 7; i >= 0; i--) {
                    c[i] = (byte) (s >>> (8 * (7 - i)));
                }
                byte[] h = mac.doFinal(c);
                int o = h[h.length - 1] & 0x0f;
                result ^= ((h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | (h[o + 3] & 0xff))
                        % 1_000_000;
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
