package dev.totpguard.credential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>Error messages name the file and line, never key material; {@link FileProblem#withoutPath()} says the same
 * without the file's path, for answers that leave the server.
 */
public final class SeedKeys {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int KEY_BYTES = 32;
    /** Permissions nobody but the owner should have on a keys file. */
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private final Map<String, SecretKey> keys;
    private final String primaryId;

    private SeedKeys(Map<String, SecretKey> keys, String primaryId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.primaryId = primaryId;
    }

    /**
     * Why a keys file cannot be used. {@link #getMessage()} names the file (for the server log);
     * {@link #withoutPath()} does not (for the admin API).
     */
    public static final class FileProblem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String detail;

        FileProblem(String source, String detail) {
            super(source + detail);
            this.detail = detail;
        }

        /** The same reason with "keys file" in place of the file's path. */
        public String withoutPath() {
            return "keys file" + detail;
        }
    }

    /** Reads a keys file. */
    public static SeedKeys load(Path file, String primaryId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FileProblem("totp-guard keys file " + file, ": cannot read it (" + e.getClass().getSimpleName() + ")");
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
            String where = " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new FileProblem(source, where + ": expected <key-id>=<Base64 key>");
            }
            String id = line.substring(0, eq).strip();
            if (!KEY_ID.matcher(id).matches()) {
                throw new FileProblem(source, where + ": key id must be 1-64 of A-Z a-z 0-9 . _ -");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new FileProblem(source, where + ": key is not Base64");
            }
            if (key.length != KEY_BYTES) {
                throw new FileProblem(source, where + ": key must be " + KEY_BYTES + " bytes (AES-256), found " + key.length);
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new FileProblem(source, where + ": key id '" + id + "' appears twice");
            }
            last = id;
        }
        if (keys.isEmpty()) {
            throw new FileProblem(source, ": no key");
        }
        String primary = primaryId == null || primaryId.isBlank() ? last : primaryId.strip();
        if (!keys.containsKey(primary)) {
            throw new FileProblem(source, ": primary key id '" + primary + "' is not in the file");
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
     * The permissions of a keys file if its group or others have any (e.g. {@code rw-r--r--}), following a symbolic
     * link as the server does when it reads the file. Empty when only the owner has access, and also when the file
     * system has no POSIX permissions or the file cannot be read (loading reports that).
     */
    public static Optional<String> looseFilePermissions(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)
                    ? Optional.of(PosixFilePermissions.toString(permissions)) : Optional.empty();
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Appends a new random key to a keys file (created owner-only), so operators need nothing but a JDK:
     * {@code java -cp keycloak-totp-guard-<version>.jar dev.totpguard.credential.SeedKeys <keys-file> [key-id]}.
     * The new key becomes the primary one (the last line). The key never goes to the console.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -cp keycloak-totp-guard-<version>.jar dev.totpguard.credential.SeedKeys <keys-file> [key-id]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String id = args.length > 1 ? args[1] : "key-" + LocalDate.now(ZoneOffset.UTC);
        try {
            boolean created = append(file, id, new SecureRandom());
            System.out.println("SeedKeys: " + (created ? "created " + file + " (owner-only) with" : "appended to " + file)
                    + " key '" + id + "'; it is the primary key unless --spi-credential--totp-guard--primary-key-id names another.");
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("SeedKeys: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Appends a new key line {@code id=<Base64>} to {@code file}, creating it readable and writable by its owner only.
     * Refuses a symbolic link (it is never followed, not even when it points nowhere yet), anything but a regular file,
     * a file that group or others may access, and an id the file already has.
     *
     * @return whether the file was created
     */
    static boolean append(Path file, String id, SecureRandom random) throws IOException {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        String line = newKeyLine(id, random) + System.lineSeparator();
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException(file + " is a symbolic link: SeedKeys does not follow links; give the path of the real file");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                createOwnerOnly(file, line);
                return true;
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException(file + " appeared while the key was being written: nothing was written; run again");
            }
        }
        requireOwnerOnly(file);
        List<String> existing;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            existing = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        if (parse(existing, null, file.toString()).key(id).isPresent()) {
            throw new IllegalArgumentException(file + " already has a key '" + id + "'");
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel channel = Files.newByteChannel(file, options)) {
            write(channel, line);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " disappeared while the key was being written: nothing was written; run again");
        }
        return false;
    }

    private static void createOwnerOnly(Path file, String line) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (SeekableByteChannel channel = openOwnerOnly(file, options)) {
            write(channel, line);
        }
    }

    private static SeekableByteChannel openOwnerOnly(Path file, Set<OpenOption> options) throws IOException {
        try {
            // created with rw------- in one step: the file is never readable by others, not even for a moment
            return Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the operator protects the file
            return Files.newByteChannel(file, options);
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException(file + " is not a regular file");
        }
        if (attributes.permissions().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IllegalArgumentException(file + " can be accessed by group or others ("
                    + PosixFilePermissions.toString(attributes.permissions()) + "): a key added to it would not be secret. "
                    + "Restrict it first (chmod 600 " + file + "), or name a new file");
        }
    }

    private static void write(SeekableByteChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A new random key line, for operators: {@code <id>=<Base64>}. */
    public static String newKeyLine(String id, SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }
}
