package dev.totpguard.migrate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.NewDevices;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import dev.totpguard.posture.Posture;
import dev.totpguard.posture.Verdict;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.dto.OTPCredentialData;

/**
 * Moves a realm's Keycloak built-in OTP credentials ({@code otp}, TOTP ones) to {@code totp-guard} devices: same
 * secret, algorithm, digits, period and label, so the users' authenticator apps keep working with the same codes.
 * The seed is encrypted on the way and the built-in credential (with its plaintext seed) is removed in the same
 * transaction, so running it again finds nothing left to do.
 *
 * <p>Every code the built-in check could have accepted just before is used for the new device: its last accepted step
 * is the current step plus the realm OTP policy's look-around window. Seeds under 128 bits of entropy (Keycloak's own
 * 20 characters of {@code [A-Za-z0-9]} have about 119) are migrated and listed as weak, so that an admin can ask those
 * users to enroll a new device.
 */
public final class LegacyOtpMigration {

    /** A credential left as it is, and why. */
    public record Skipped(String userId, String credentialId, String reason) {
    }

    /**
     * A credential migrated (or, in a dry run, to be migrated) with a seed under 128 bits.
     *
     * @param credentialId the built-in credential
     * @param deviceId     the new device ({@code null} in a dry run)
     * @param bits         the seed's entropy as {@link #seedBits} estimates it
     */
    public record Weak(String userId, String credentialId, String deviceId, int bits) {
    }

    /** A device created by the migration (not in the JSON report: one admin event each tells the user). */
    public record Migrated(String userId, String deviceId, String label) {
    }

    /**
     * Counts (and, for a dry run, what would happen); {@code devices} lists the new devices, outside the JSON;
     * {@code waysNotChecked} the ways in that do not check devices yet (see {@link #waysNotChecked}): empty, unless a
     * dry run or a forced migration.
     */
    public record Report(boolean dryRun, int found, int migrated, List<Skipped> skipped, List<Weak> weak,
                         List<Posture.Way> waysNotChecked, @JsonIgnore List<Migrated> devices) {
    }

    /** A migration refused because users would move to devices that some ways in do not check yet. */
    public static final class WaysNotCheckedException extends RuntimeException {
        private final transient List<Posture.Way> ways;

        WaysNotCheckedException(List<Posture.Way> ways) {
            super("switch these ways in to TOTP Guard first (or pass force=true): "
                    + String.join(", ", ways.stream().map(Posture.Way::way).toList()));
            this.ways = List.copyOf(ways);
        }

        public List<Posture.Way> ways() {
            return ways;
        }
    }

    /** Below this many bits of entropy a seed is reported as weak (RFC 4226 §4 R6). */
    static final int MIN_BITS = 128;

    private final KeycloakSession session;
    private final NewDevices newDevices;

    public LegacyOtpMigration(KeycloakSession session) {
        this.session = session;
        this.newDevices = TotpGuardCredentialProvider.of(session).devices().newDevices();
    }

    /**
     * The ways in that would let a migrated user through without a code: the realm's browser and direct grant flows
     * and the clients' flow overrides (where Keycloak's built-in OTP is asked) whose posture is not {@code checked}.
     */
    public List<Posture.Way> waysNotChecked(RealmModel realm) {
        return new Posture(session, realm).ways().stream()
                .filter(way -> way.signIn() && way.verdict() != Verdict.Result.CHECKED).toList();
    }

    /**
     * Migrates (or with {@code dryRun} only reports) every built-in TOTP credential. Unless {@code force}, a real run
     * is refused ({@link WaysNotCheckedException}, nothing changed) while {@link #waysNotChecked} lists a way in:
     * migrated users would get through it with the password alone.
     */
    public Report migrate(RealmModel realm, boolean dryRun, boolean force) {
        List<Posture.Way> notChecked = waysNotChecked(realm);
        if (!dryRun && !force && !notChecked.isEmpty()) {
            throw new WaysNotCheckedException(notChecked);
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery("select c.id, c.user.id from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm order by c.createdDate", Object[].class)
                .setParameter("type", OTPCredentialModel.TYPE).setParameter("realm", realm.getId()).getResultList();
        int migrated = 0;
        List<Skipped> skipped = new ArrayList<>();
        List<Weak> weak = new ArrayList<>();
        List<Migrated> created = new ArrayList<>();
        int lookAround = Math.max(0, realm.getOTPPolicy().getLookAheadWindow());
        for (Object[] row : rows) {
            String credentialId = (String) row[0];
            String userId = (String) row[1];
            UserModel user = session.users().getUserById(realm, userId);
            CredentialModel stored = user == null ? null : user.credentialManager().getStoredCredentialById(credentialId);
            if (stored == null) {
                skipped.add(new Skipped(userId, credentialId, "not found"));
                continue;
            }
            OTPCredentialModel otp = OTPCredentialModel.createFromCredentialModel(stored);
            OTPCredentialData data = otp.getOTPCredentialData();
            String unsupported = unsupported(data);
            if (unsupported != null) {
                skipped.add(new Skipped(userId, credentialId, unsupported));
                continue;
            }
            String deviceId = null;
            if (!dryRun) {
                Totp totp = new Totp(HmacAlgorithm.fromName(data.getAlgorithm()), data.getDigits(), data.getPeriod(), 0L);
                // the built-in check accepts steps up to the current one plus its look-around window, and a code of any
                // of them may have been accepted just now: all of them count as used for the new device
                long lastStep = totp.step(Instant.ofEpochMilli(Time.currentTimeMillis())) + lookAround;
                byte[] seed = otp.getDecodedSecret();
                CredentialModel device;
                try {
                    device = newDevices.add(realm, user, new NewDevices.Request(totp, seed, stored.getUserLabel(),
                            stored.getCreatedDate() == null ? Time.currentTimeMillis() : stored.getCreatedDate(), lastStep,
                            0, false), NewDevices.Rules.LEGACY_MIGRATION, locked -> true).device();
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
                deviceId = device.getId();
                created.add(new Migrated(userId, deviceId, device.getUserLabel()));
                user.credentialManager().removeStoredCredentialById(credentialId);
            }
            int bits = seedBits(otp.getOTPSecretData().getValue(), data.getSecretEncoding());
            if (bits < MIN_BITS) {
                weak.add(new Weak(userId, credentialId, deviceId, bits));
            }
            migrated++;
        }
        return new Report(dryRun, rows.size(), migrated, skipped, weak, notChecked, created);
    }

    /** Why a built-in credential cannot become a device, or {@code null} if it can. */
    static String unsupported(OTPCredentialData data) {
        if (!OTPCredentialModel.TOTP.equals(data.getSubType())) {
            return "HOTP (counter-based) is not supported";
        }
        try {
            HmacAlgorithm.fromName(data.getAlgorithm());
        } catch (IllegalArgumentException e) {
            return "unsupported algorithm " + data.getAlgorithm();
        }
        return DeviceRules.legacyParameterProblem(data.getDigits(), data.getPeriod()).orElse(null);
    }

    /**
     * The entropy of a built-in seed, in bits. A Base32-encoded seed counts 8 bits a byte (assumed random). A raw seed
     * is used as the bytes of its characters, so it counts what its alphabet allows: {@code log2(62)} a character when
     * every character is a letter or digit (Keycloak's own 20-character seeds: 119 bits), {@code log2(95)} when every
     * character is printable ASCII, else 8 bits a byte.
     */
    static int seedBits(String value, String encoding) {
        if (value == null) {
            return 0;
        }
        if ("BASE32".equalsIgnoreCase(encoding)) {
            try {
                return org.keycloak.models.utils.Base32.decode(value).length * 8;
            } catch (RuntimeException e) {
                return 0;
            }
        }
        double perCharacter;
        if (value.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            perCharacter = Math.log(62) / Math.log(2);
        } else if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            perCharacter = Math.log(95) / Math.log(2);
        } else {
            return value.getBytes(StandardCharsets.UTF_8).length * 8;
        }
        return (int) Math.floor(value.length() * perCharacter);
    }
}
