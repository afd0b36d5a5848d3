package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {

    @ParameterizedTest
    @CsvSource({"SHA1, 20", "SHA256, 32", "SHA512, 64"})
    void generatesTheHmacLengthPerAlgorithm(HmacAlgorithm algorithm, int bytes) {
        assertEquals(bytes, SecretGenerator.length(algorithm));
        assertEquals(bytes, SecretGenerator.generate(algorithm).length);
        assertEquals(bytes, SecretGenerator.generate(algorithm, new SecureRandom()).length);
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void generatesThousandDistinctSecrets(HmacAlgorithm algorithm) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(Base32.encode(SecretGenerator.generate(algorithm)));
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void usesTheGivenRandomSource() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 7);
            }
        };
        byte[] expected = new byte[20];
        Arrays.fill(expected, (byte) 7);
        assertArrayEquals(expected, SecretGenerator.generate(HmacAlgorithm.SHA1, fixed));
    }
}
