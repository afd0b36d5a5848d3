package dev.totpguard.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.credential.SeedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.models.utils.Base32;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.util.TmpDir;

import static dev.totpguard.testing.Bytes.contains;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds are encrypted before the database sees them, with a key kept outside it, and fail closed without it. */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class SeedsAtRestIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    // S2
    @Test
    void databaseFilesAndServerLogHoldNoSeedInAnyEncoding() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "s2");
            String code = Codes.sha1(device.secret(), device.enrollmentStep() + 1);
            assertTrue(DemoRealm.prompt(realm.admin(), device.username()).submit(code).isRedirectToClient());
            seeds.add(device.secret());
            codes.add(code);
            codes.add(Codes.sha1(device.secret(), device.enrollmentStep()));
        }
        Path h2 = Path.of(TmpDir.resolveTmpDir().getAbsolutePath(), "kc-test-framework", "h2");
        byte[] database = readAll(h2, "\"kid\":\"it-1\"");
        for (byte[] seed : seeds) {
            for (byte[] encoding : encodings(seed)) {
                assertFalse(contains(database, encoding), "a seed appears in the database files");
            }
        }
        List<String> secrets = new ArrayList<>(codes);
        seeds.forEach(s -> secrets.add(Base32.encode(s).replace("=", "")));
        seeds.forEach(s -> secrets.add(HexFormat.of().formatHex(s)));
        DemoRealm.assertNowhere(secrets, realm.admin().getEvents());
    }

    /** Restart with the same key, a wrong key, and a rotated key ring, on a Keycloak of its own (ports 8180/9100). */
    @Test
    void restartWrongKeyRotationAndReencryptionThenTheDumpHoldsNoSeed(@TempDir Path work) throws Exception {
        Path keysA = Files.writeString(work.resolve("keys-a"), SeedKeys.newKeyLine("a", RANDOM) + "\n");
        Path wrong = Files.writeString(work.resolve("keys-wrong"), SeedKeys.newKeyLine("a", RANDOM) + "\n");
        Path rotated = Files.writeString(work.resolve("keys-rotated"),
                Files.readString(keysA) + SeedKeys.newKeyLine("b", RANDOM) + "\n");
        // key a as a careless operator leaves it (world-readable), the others owner-only as SeedKeys makes them
        Files.setPosixFilePermissions(keysA, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(rotated, PosixFilePermissions.fromString("rw-------"));
        String realmUrl = KeycloakProcess.BASE_URL + "/realms/" + DemoRealm.NAME;
        try (KeycloakProcess keycloak = new KeycloakProcess(work)) {
            keycloak.start(keysA);
            assertTrue(keycloak.log().contains("the seed keys file " + keysA + " can be accessed by group or others (rw-r--r--)")
                    && keycloak.log().contains("chmod 600 " + keysA), "a loose keys file is warned about at start-up");
            Browser browser = new Browser(realmUrl);
            TotpDevice carol = TotpDevice.enroll(browser, DemoRealm.password(browser, "carol"), "carol", "phone");
            keycloak.stop();

            keycloak.start(keysA);
            DemoRealm.signIn(realmUrl, carol);
            keycloak.stop();

            keycloak.start(wrong);
            Browser refused = new Browser(realmUrl);
            Browser.Page prompt = DemoRealm.password(refused, "carol");
            // a code the server never gets to check: the phone's next one stays unused for the next sign-in
            long next = Math.max(carol.lastStep() + 1, Codes.currentStep(30));
            Browser.Page page = refused.submit(prompt, Map.of("otp", carol.codeAt(next)));
            assertTrue(page.isCodePrompt(), () -> "no sign-in with an undecryptable seed, got " + page);
            assertTrue(page.codeError().orElse("").contains("cannot be checked"), "the user is told it is not their fault");
            assertTrue(keycloak.log().contains("does not decrypt with key 'a'"), "a clear error in the server log");
            keycloak.stop();

            keycloak.start(rotated);
            DemoRealm.signIn(realmUrl, carol);
            assertTrue(keycloak.log().contains("primary key id 'b'"));
            AdminApi api = new AdminApi(DemoRealm.NAME, KeycloakProcess.BASE_URL);
            String admin = api.masterAdminToken();
            AdminApi.Reply keys = api.call("GET", "keys", admin);
            assertTrue(keys.json().get("devicesByKey").has("a") && keys.json().get("primaryKeyId").asText().equals("b"), keys.body());
            AdminApi.Reply report = api.call("POST", "keys/reencrypt", admin);
            assertTrue(report.status() == 200 && report.json().get("reencrypted").asInt() == 1
                    && report.json().get("failed").asInt() == 0, () -> "re-encrypted: " + report);
            assertFalse(api.call("GET", "keys", admin).json().get("devicesByKey").has("a"), "no device left under key a");
            keycloak.stop();

            // the old key can go once nothing uses it
            Files.writeString(rotated, Files.readString(rotated).lines().filter(l -> l.startsWith("b=")).findFirst().orElseThrow() + "\n");
            keycloak.start(rotated);
            DemoRealm.signIn(realmUrl, carol);
            assertFalse(keycloak.log().contains(carol.base32()), "no seed in the log");
            keycloak.stop();

            // a database dump (SQL, as a backup would be made) holds the ciphertext and no seed in any encoding
            byte[] dump = sqlDump(keycloak.h2Directory().resolve("keycloakdb"), work.resolve("dump.sql"));
            assertTrue(contains(dump, "\"kid\":\"b\"".getBytes(StandardCharsets.UTF_8)), "the dump holds the sealed seed");
            for (byte[] encoding : encodings(carol.secret())) {
                assertFalse(contains(dump, encoding), "a seed appears in the database dump");
            }
            assertFalse(keycloak.log().contains("the seed keys file " + rotated + " can be accessed"), "no warning for an owner-only file");

            // without a readable keys file the admin API says why, but not where the file is: the log does
            Path absent = work.resolve("not-there").resolve("totp-guard-keys");
            keycloak.start(absent);
            JsonNode status = api.call("GET", "keys", api.masterAdminToken()).json();
            String problem = status.get("problem").asText();
            assertTrue(problem.contains("cannot read") && !problem.contains(work.toString()) && !problem.contains("not-there"), problem);
            assertTrue(keycloak.log().contains(absent.toString()), "the server log names the file");
        }
    }

    /** {@code SCRIPT TO}: H2's SQL dump of a stopped Keycloak's dev-file database. */
    private static byte[] sqlDump(Path database, Path target) throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:h2:file:" + database,
                KeycloakProcess.DB_USER, KeycloakProcess.DB_PASSWORD);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SCRIPT TO '" + target + "'");
        }
        return Files.readAllBytes(target);
    }

    private static List<byte[]> encodings(byte[] seed) {
        String base32 = Base32.encode(seed).replace("=", "");
        String hex = HexFormat.of().formatHex(seed);
        return List.of(seed,
                base32.getBytes(StandardCharsets.US_ASCII),
                base32.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                hex.getBytes(StandardCharsets.US_ASCII),
                hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().withoutPadding().encodeToString(seed).getBytes(StandardCharsets.US_ASCII));
    }

    /** All database files, once they contain {@code marker} (H2 writes within a second or so). */
    private static byte[] readAll(Path dir, String marker) throws IOException, InterruptedException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 30; attempt++) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            try (var files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        all.write(Files.readAllBytes(file));
                    }
                }
            }
            byte[] bytes = all.toByteArray();
            if (contains(bytes, needle)) {
                return bytes;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the database files in " + dir + " never showed the encrypted seeds");
    }
}
