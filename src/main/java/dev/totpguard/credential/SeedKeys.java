package dev.totpguard.credential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that protect seeds at rest, kept outside the database in a file named by the SPI option
 * {@code --spi-credential--totp-guard--keys-file}. One key per line, {@code <key-id>=<Base64 of 32 random bytes>};
 * blank lines and {@code #} comments are ignored. The primary key encrypts new seeds: the one named by
 * {@code --spi-credential--totp-guard--primary-key-id}, else the last line. Older keys still decrypt, which is how keys
 * are rotated: append a key, restart, re-encrypt.
 *
 * <p>Error messages name the file and line, never key material.
 */
public final class SeedKeys {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String primaryId;

    private SeedKeys(Map<String, SecretKey> keys, String primaryId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.primaryId = primaryId;
    }

    /** Reads a keys file. */
    public static SeedKeys load(Path file, String primaryId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the totp-guard keys file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(lines, primaryId, file.toString());
    }

    /** Parses the lines of a keys file; {@code source} names it in error messages. */
    static SeedKeys parse(List<String> lines, String primaryId, String source) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String last = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": expected <key-id>=<Base64 key>");
            }
            String id = line.substring(0, eq).strip();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": key id must be 1-64 of A-Z a-z 0-9 . _ -");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": key is not Base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(where + ": key must be " + KEY_BYTES + " bytes (AES-256), found " + key.length);
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException(where + ": key id '" + id + "' appears twice");
            }
            last = id;
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": no key");
        }
        String primary = primaryId == null || primaryId.isBlank() ? last : primaryId.strip();
        if (!keys.containsKey(primary)) {
            throw new IllegalArgumentException(source + ": primary key id '" + primary + "' is not in the file");
        }
        return new SeedKeys(keys, primary);
    }

    public String primaryId() {
        return primaryId;
    }

    SecretKey primary() {
        return keys.get(primaryId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /**
     * Appends a new random key to a keys file (created owner-only), so operators need nothing but a JDK:
     * {@code java -cp keycloak-totp-guard-<version>.jar dev.totpguard.credential.SeedKeys <keys-file> [key-id]}.
     * The new key becomes the primary one (the last line). The key never goes to the console.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: SeedKeys <keys-file> [key-id]");
        }
        Path file = Path.of(args[0]);
        String id = args.length > 1 ? args[1] : "key-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (Files.exists(file) && parse(Files.readAllLines(file, StandardCharsets.UTF_8), null, file.toString()).key(id).isPresent()) {
            throw new IllegalArgumentException(file + " already has a key '" + id + "'");
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the operator protects the file
            }
        }
        Files.writeString(file, newKeyLine(id, new java.security.SecureRandom()) + System.lineSeparator(),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** A new random key line, for operators: {@code <id>=<Base64>}. */
    public static String newKeyLine(String id, java.security.SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }
}
