package dev.totpguard.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.reflect.Proxy;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the factory hands the admin API about the keys file: why it failed, never where the file is. */
class TotpGuardCredentialProviderFactoryTest {

    private final String prefix = "totpguard-test-" + UUID.randomUUID() + ".";

    @AfterEach
    void clearProperties() {
        System.clearProperty(prefix + TotpGuardCredentialProviderFactory.KEYS_FILE);
        System.clearProperty(prefix + TotpGuardCredentialProviderFactory.SYNCHRONOUS_COMMIT);
    }

    @Test
    void withSynchronousCommitStateWritesAlwaysWaitForTheFlushWithoutAskingTheDatabase() {
        System.setProperty(prefix + TotpGuardCredentialProviderFactory.SYNCHRONOUS_COMMIT, "true");
        TotpGuardCredentialProviderFactory factory = new TotpGuardCredentialProviderFactory();
        factory.init(new Config.SystemPropertiesScope(prefix));
        AtomicInteger asked = new AtomicInteger();
        assertFalse(factory.followsKeycloakCommit(database(asked, null)));
        assertEquals(0, asked.get(), "the database is not asked");
    }

    @Test
    void synchronousCommitIsTrueOrFalseAndAnythingElseKeepsTheFlush() {
        assertFalse(TotpGuardCredentialProviderFactory.synchronousCommit(null));
        assertFalse(TotpGuardCredentialProviderFactory.synchronousCommit(" "));
        assertFalse(TotpGuardCredentialProviderFactory.synchronousCommit("false"));
        assertTrue(TotpGuardCredentialProviderFactory.synchronousCommit("TRUE"));
        assertTrue(TotpGuardCredentialProviderFactory.synchronousCommit("yes"), "a typo keeps the flush");
        assertTrue(TotpGuardCredentialProviderFactory.synchronousCommit("0"));
    }

    @Test
    void whereKeycloaksListenerCannotBeFoundStateWritesWaitForTheFlushAndTheQuestionIsAskedOnce() {
        TotpGuardCredentialProviderFactory factory = new TotpGuardCredentialProviderFactory();
        factory.init(new Config.SystemPropertiesScope(prefix));
        AtomicInteger asked = new AtomicInteger();
        // not Hibernate, as with a database or a Keycloak where the question cannot be asked
        EntityManagerFactory database = database(asked, new PersistenceException("not Hibernate"));
        assertFalse(factory.followsKeycloakCommit(database));
        assertFalse(factory.followsKeycloakCommit(database));
        assertEquals(1, asked.get(), "asked once, on first use");
    }

    /** A database (entity manager factory) that counts the questions and answers {@code unwrap} with {@code failure}. */
    private static EntityManagerFactory database(AtomicInteger asked, RuntimeException failure) {
        return (EntityManagerFactory) Proxy.newProxyInstance(EntityManagerFactory.class.getClassLoader(),
                new Class<?>[]{EntityManagerFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unwrap")) {
                        asked.incrementAndGet();
                        throw failure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Optional<String> problemAfterInit(String keysFile) {
        if (keysFile != null) {
            System.setProperty(prefix + TotpGuardCredentialProviderFactory.KEYS_FILE, keysFile);
        }
        TotpGuardCredentialProviderFactory factory = new TotpGuardCredentialProviderFactory();
        factory.init(new Config.SystemPropertiesScope(prefix));
        return factory.create(null).vault().keysProblem();
    }

    @Test
    void aReadableFileLeavesNoProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        SeedKeys.append(file, "k1", new SecureRandom());
        assertEquals(Optional.empty(), problemAfterInit(file.toString()));
    }

    @Test
    void aMissingFileIsReportedWithoutItsPath(@TempDir Path dir) {
        Path file = dir.resolve("secret-place").resolve("totp-guard-keys");
        String problem = problemAfterInit(file.toString()).orElseThrow();
        assertEquals("keys file: cannot read it (NoSuchFileException) (the server log names the file)", problem);
        assertFalse(problem.contains(dir.toString()) || problem.contains("secret-place") || problem.contains("/"), problem);
    }

    @Test
    void aMalformedFileIsReportedWithoutItsPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("totp-guard-keys"), "k1=AAAA\n");
        String problem = problemAfterInit(file.toString()).orElseThrow();
        assertTrue(problem.startsWith("keys file line 1: key must be 32 bytes"), problem);
        assertFalse(problem.contains(dir.toString()), problem);
    }

    @Test
    void warnsAtStartWhenGroupOrOthersCanReadTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        SeedKeys.append(file, "k1", new SecureRandom());
        assertEquals(List.of(), warningsDuringInit(file), "owner-only: no warning");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = warningsDuringInit(file);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains("rw-r--r--")
                && warnings.get(0).contains("chmod 600 " + file), warnings.get(0));
        assertFalse(warnings.get(0).contains(Files.readString(file).substring(3).strip()), "no key material");
    }

    /** WARN lines the factory logs while it starts (JBoss Logging writes to java.util.logging in unit tests). */
    private List<String> warningsDuringInit(Path file) {
        Logger logger = Logger.getLogger(TotpGuardCredentialProviderFactory.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() == Level.WARNING.intValue()) {
                    warnings.add(record.getParameters() == null ? record.getMessage()
                            : String.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            problemAfterInit(file.toString());
        } finally {
            logger.removeHandler(handler);
        }
        return warnings;
    }

    @Test
    void noFileConfiguredNamesTheOption() {
        assertEquals(Optional.of("no keys file configured (--spi-credential--totp-guard--keys-file)"), problemAfterInit(null));
    }
}
