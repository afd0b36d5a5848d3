package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One Totp and one TotpVerifier shared by many threads, each with its own keys, algorithms interleaved. */
class TotpConcurrencyTest {
    private static final int THREADS = 16;
    private static final int CASES = 400;
    private static final int ROUNDS = 20;

    private record Case(byte[] key, long step, int code) {
    }

    @Test
    void sharedInstancesGiveCorrectCodesUnderContention() throws Exception {
        Totp[] totps = {
                new Totp(HmacAlgorithm.SHA1, 6, 30, 0),
                new Totp(HmacAlgorithm.SHA256, 8, 30, 0),
                new Totp(HmacAlgorithm.SHA512, 7, 60, 0)};
        TotpVerifier[] verifiers = {
                new TotpVerifier(totps[0], 1), new TotpVerifier(totps[1], 1), new TotpVerifier(totps[2], 1)};

        // expected values computed on one thread first
        Random random = new Random(42);
        List<List<Case>> expected = new ArrayList<>();
        for (Totp totp : totps) {
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                byte[] key = SecretGenerator.generate(totp.algorithm());
                long step = random.nextLong() >>> 30;
                cases.add(new Case(key, step, totp.generate(key, step)));
            }
            expected.add(cases);
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                Callable<Integer> task = () -> {
                    start.await();
                    Random local = new Random(seed);
                    int checked = 0;
                    for (int round = 0; round < ROUNDS * CASES; round++) {
                        int which = local.nextInt(totps.length);
                        Case c = expected.get(which).get(local.nextInt(CASES));
                        Totp totp = totps[which];
                        assertEquals(c.code(), totp.generate(c.key(), c.step()));
                        assertEquals(totp.format(c.code()), totp.generateString(c.key(), c.step()));
                        long centre = c.step() + local.nextInt(3) - 1;
                        assertEquals(OptionalLong.of(c.step()), verifiers[which].verify(c.key(), c.code(), centre));
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(2, TimeUnit.MINUTES);
            }
            assertEquals(THREADS * ROUNDS * CASES, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
