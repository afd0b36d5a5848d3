package dev.totpguard.credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
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
 */
public final class LegacyOtpMigration {

    /** A credential left as it is, and why. */
    public record Skipped(String userId, String credentialId, String reason) {
    }

    /** Counts (and, for a dry run, what would happen). */
    public record Report(boolean dryRun, int found, int migrated, List<Skipped> skipped) {
    }

    private final KeycloakSession session;
    private final Devices devices;

    public LegacyOtpMigration(KeycloakSession session) {
        this.session = session;
        this.devices = Devices.of(session);
    }

    public Report migrate(RealmModel realm, boolean dryRun) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery("select c.id, c.user.id from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm order by c.createdDate", Object[].class)
                .setParameter("type", OTPCredentialModel.TYPE).setParameter("realm", realm.getId()).getResultList();
        int migrated = 0;
        List<Skipped> skipped = new ArrayList<>();
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
            if (!dryRun) {
                Totp totp = new Totp(HmacAlgorithm.fromName(data.getAlgorithm()), data.getDigits(), data.getPeriod(), 0L);
                // codes of the current step may already have been used with the built-in credential
                long lastStep = totp.step(Instant.ofEpochMilli(Time.currentTimeMillis()));
                TotpGuardCredentialModel device = TotpGuardCredentialModel.create(totp, freeLabel(user, stored.getUserLabel()),
                        stored.getCreatedDate() == null ? Time.currentTimeMillis() : stored.getCreatedDate(), lastStep);
                devices.create(realm, user, device, otp.getDecodedSecret());
                user.credentialManager().removeStoredCredentialById(credentialId);
            }
            migrated++;
        }
        return new Report(dryRun, rows.size(), migrated, skipped);
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
        if (data.getDigits() < 6 || data.getDigits() > 8) {
            return "unsupported digits " + data.getDigits();
        }
        if (data.getPeriod() < 1 || data.getPeriod() > 300) {
            return "unsupported period " + data.getPeriod();
        }
        return null;
    }

    private String freeLabel(UserModel user, String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String candidate = label;
        for (int n = 2; taken(user, candidate); n++) {
            candidate = label + " (" + n + ")";
        }
        return candidate;
    }

    private boolean taken(UserModel user, String label) {
        return devices.of(user).anyMatch(d -> label.equalsIgnoreCase(d.getUserLabel()));
    }
}
