package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.totpguard.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codes must agree with an independent implementation: oathtool (OATH Toolkit). Without it the class is skipped with
 * one loud line, or fails under ./test.sh (see {@link ExternalTool}).
 */
class OathtoolAgreementTest {
    private static final long SEED = 0x7074_6f74_7067_7561L; // fixed: a failure is reproducible
    private static Path oathtool;

    @BeforeAll
    static void findOathtool() {
        String configured = System.getProperty("oathtool.path"); // lets a run point elsewhere, or nowhere
        Optional<Path> found = configured != null
                ? Optional.of(Path.of(configured))
                : ExternalTool.find("oathtool", List.of(Path.of("/usr/bin/oathtool"), Path.of("/usr/local/bin/oathtool")));
        oathtool = ExternalTool.require(found, "oathtool", "oathtool", "OathtoolAgreementTest");
    }

    static Stream<Arguments> agreesWithOathtoolTotp() {
        Random random = new Random(SEED);
        HmacAlgorithm[] algorithms = HmacAlgorithm.values();
        int[] periods = {30, 30, 60, 15};
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            HmacAlgorithm algorithm = algorithms[i % algorithms.length];
            // every fourth key has an odd length, some longer than the hash block (then HMAC hashes the key)
            byte[] key = new byte[i % 4 == 0 ? 16 + random.nextInt(150) : algorithm.macLength()];
            random.nextBytes(key);
            int digits = 6 + random.nextInt(3);
            int period = periods[random.nextInt(periods.length)];
            long t0 = i % 5 == 0 ? random.nextInt(1_000_000_000) : 0;
            // up to 2^35 s (year 3058): past 2038 and 2106
            long epochSecond = t0 + (random.nextLong() >>> 29);
            cases.add(Arguments.of(algorithm, digits, period, t0, epochSecond, HexFormat.of().formatHex(key)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} digits {2} s T0={3} at {4}")
    @MethodSource
    void agreesWithOathtoolTotp(HmacAlgorithm algorithm, int digits, int period, long t0, long epochSecond, String hexKey)
            throws IOException, InterruptedException {
        String expected = run(oathtool.toString(), "--totp=" + algorithm.uriName().toLowerCase(Locale.ROOT),
                "-d", Integer.toString(digits), "-s", period + "s", "-S", "@" + t0, "-N", "@" + epochSecond, hexKey);
        Totp totp = new Totp(algorithm, digits, period, t0);
        byte[] key = HexFormat.of().parseHex(hexKey);
        assertEquals(expected, totp.generateString(key, totp.step(Instant.ofEpochSecond(epochSecond))));
    }

    static Stream<Arguments> agreesWithOathtoolHotp() {
        Random random = new Random(SEED + 1);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] key = new byte[20];
            random.nextBytes(key);
            long counter = i < 6 ? random.nextInt(1000) : random.nextLong() >>> 1;
            cases.add(Arguments.of(6 + i % 3, counter, HexFormat.of().formatHex(key)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} digits counter {1}")
    @MethodSource
    void agreesWithOathtoolHotp(int digits, long counter, String hexKey) throws IOException, InterruptedException {
        String expected = run(oathtool.toString(), "-d", Integer.toString(digits), "-c", Long.toString(counter), hexKey);
        Hotp hotp = new Hotp(HmacAlgorithm.SHA1, digits);
        assertEquals(expected, hotp.format(hotp.generate(HexFormat.of().parseHex(hexKey), counter)));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("oathtool failed: " + output);
        }
        return output;
    }
}
