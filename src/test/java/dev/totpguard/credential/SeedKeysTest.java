package dev.totpguard.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void lastKeyIsPrimaryUnlessNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.write(file, List.of("# seed keys", "", SeedKeys.newKeyLine("2026-01", RANDOM), SeedKeys.newKeyLine("2026-07", RANDOM)));
        assertEquals("2026-07", SeedKeys.load(file, null).primaryId());
        assertEquals("2026-01", SeedKeys.load(file, "2026-01").primaryId());
        assertTrue(SeedKeys.load(file, null).key("2026-01").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-equals-sign", "=AAAA", "bad id!=AAAA", "k1=not base64!", "k1=AAAA"})
    void rejectsMalformedLinesWithoutEchoingThem(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedKeys.parse(List.of(line), null, "keys"));
        assertTrue(e.getMessage().startsWith("keys line 1"), e.getMessage());
    }

    @Test
    void aWrongKeyNeverAppearsInTheMessage() {
        String tooShort = "k1=" + java.util.Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedKeys.parse(List.of(tooShort), null, "keys"));
        assertFalse(e.getMessage().contains(tooShort.substring(3)));
        assertTrue(e.getMessage().contains("32 bytes"));
    }

    @Test
    void rejectsDuplicatesEmptyFilesAndUnknownPrimary() {
        String k1 = SeedKeys.newKeyLine("k1", RANDOM);
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.parse(List.of(k1, k1), null, "keys"));
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.parse(List.of("# nothing"), null, "keys"));
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.parse(List.of(k1), "k9", "keys"));
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedKeys.load(dir.resolve("absent"), null));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void theCommandLineAppendsANewPrimaryKeyToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        SeedKeys.main(new String[]{file.toString(), "k1"});
        SeedKeys.main(new String[]{file.toString(), "k2"});
        assertEquals("k2", SeedKeys.load(file, null).primaryId());
        assertTrue(SeedKeys.load(file, null).key("k1").isPresent());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.main(new String[]{file.toString(), "k1"}), "no duplicate id");
    }
}
