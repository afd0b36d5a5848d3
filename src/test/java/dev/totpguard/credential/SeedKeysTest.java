package dev.totpguard.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

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
    void everyFileProblemCanBeToldWithoutThePath(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("absent");
        SeedKeys.FileProblem unreadable = assertThrows(SeedKeys.FileProblem.class, () -> SeedKeys.load(absent, null));
        assertTrue(unreadable.getMessage().contains(absent.toString()), "the log names the file");
        assertEquals("keys file: cannot read it (NoSuchFileException)", unreadable.withoutPath());

        Path bad = Files.writeString(dir.resolve("bad"), "# keys\nk1=not base64!\n");
        SeedKeys.FileProblem malformed = assertThrows(SeedKeys.FileProblem.class, () -> SeedKeys.load(bad, null));
        assertEquals(bad + " line 2: key is not Base64", malformed.getMessage());
        assertEquals("keys file line 2: key is not Base64", malformed.withoutPath());

        Path good = Files.writeString(dir.resolve("good"), SeedKeys.newKeyLine("k1", RANDOM) + "\n");
        SeedKeys.FileProblem primary = assertThrows(SeedKeys.FileProblem.class, () -> SeedKeys.load(good, "k9"));
        assertEquals("keys file: primary key id 'k9' is not in the file", primary.withoutPath());
    }

    @Test
    void theCommandLineAppendsANewPrimaryKeyToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        assertTrue(SeedKeys.append(file, "k1", RANDOM), "created");
        assertFalse(SeedKeys.append(file, "k2", RANDOM), "appended");
        assertEquals("k2", SeedKeys.load(file, null).primaryId());
        assertTrue(SeedKeys.load(file, null).key("k1").isPresent());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(SeedKeys.looseFilePermissions(file).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(file, "k1", RANDOM), "no duplicate id");
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(file, "bad id!", RANDOM));
        assertEquals(2, Files.readAllLines(file).size(), "nothing written by a refused command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x"})
    void refusesToAddAKeyToAFileOthersCanAccess(String perms, @TempDir Path dir) throws Exception {
        assumePosix(dir);
        Path file = dir.resolve("keys");
        SeedKeys.append(file, "k1", RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        String before = Files.readString(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(file, "k2", RANDOM));
        assertTrue(e.getMessage().contains("group or others") && e.getMessage().contains("chmod 600"), e.getMessage());
        assertEquals(before, Files.readString(file), "nothing appended");
        assertEquals(Optional.of(perms), SeedKeys.looseFilePermissions(file), "the server warns about the same file");
    }

    @Test
    void neverFollowsASymbolicLink(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("real-keys");
        SeedKeys.append(target, "k1", RANDOM);
        String before = Files.readString(target);
        Path link = Files.createSymbolicLink(dir.resolve("keys"), target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(link, "k2", RANDOM));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(before, Files.readString(target), "the link's target is untouched");

        // a link that points nowhere yet is not a way to create a file elsewhere either
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(dangling, "k1", RANDOM));
        assertFalse(Files.exists(dir.resolve("elsewhere"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesADirectory(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("keys"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        assertThrows(IllegalArgumentException.class, () -> SeedKeys.append(sub, "k1", RANDOM));
    }

    @Test
    void looseFilePermissionsIsQuietWhenItCannotTell(@TempDir Path dir) {
        assertEquals(Optional.empty(), SeedKeys.looseFilePermissions(dir.resolve("absent")));
    }

    private static void assumePosix(Path dir) {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    }
}
