package dev.totpguard.grace;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import dev.totpguard.credential.DeviceReports;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.util.JsonSerialization;

/**
 * How many times a user chose "Later", kept where the user cannot write it: a credential of type {@value #TYPE} (no
 * credential provider serves the type, so neither the Account Console nor the account REST API lists, edits or deletes
 * it; an admin can delete it in the Admin Console, which gives the user the grace period again). Counting happens under
 * the user's row lock, read from the database rather than from Keycloak's user cache, so parallel "Later" posts, on
 * any cluster node, never grant more than the limit.
 *
 * <p>0.1 kept the count in the user attribute {@value #LEGACY_ATTRIBUTE}; it is read as a floor and removed once the
 * count moves here.
 */
public final class Postponements {

    public static final String TYPE = "totp-guard-enrollment-postponed";
    static final String LEGACY_ATTRIBUTE = "totp-guard.enroll.postponed";
    private static final String COUNT = "count";

    private Postponements() {
    }

    /** The user's count, from the database. */
    public static int count(KeycloakSession session, UserModel user) {
        return Math.max(stored(em(session), user).count(), legacy(user));
    }

    /**
     * Locks the user's row, reads the count and, when {@code allowed} accepts it, stores one more. Returns the new count,
     * or empty when {@code allowed} refused (nothing stored). The lock is held until the transaction ends.
     */
    public static OptionalInt claim(KeycloakSession session, UserModel user, IntPredicate allowed) {
        EntityManager em = em(session);
        em.find(UserEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
        Stored stored = stored(em, user);
        int count = Math.max(stored.count(), legacy(user));
        if (!allowed.test(count)) {
            return OptionalInt.empty();
        }
        int next = count + 1;
        String data = json(Map.of(COUNT, next));
        if (stored.id() == null) {
            CredentialModel model = new CredentialModel();
            model.setType(TYPE);
            model.setCreatedDate(Time.currentTimeMillis());
            model.setCredentialData(data);
            model.setSecretData("{}");
            user.credentialManager().createStoredCredential(model);
        } else {
            CredentialModel model = user.credentialManager().getStoredCredentialById(stored.id());
            model.setCredentialData(data);
            user.credentialManager().updateStoredCredential(model);
        }
        if (user.getFirstAttribute(LEGACY_ATTRIBUTE) != null) {
            user.removeAttribute(LEGACY_ATTRIBUTE);
        }
        return OptionalInt.of(next);
    }

    /** Users of the realm who chose "Later" at least once and have no device. */
    public static long usersWithout(KeycloakSession session, String realmId) {
        return DeviceReports.of(session).usersPostponedWithoutDevice(realmId, TYPE, LEGACY_ATTRIBUTE);
    }

    private record Stored(String id, int count) {
    }

    private static Stored stored(EntityManager em, UserModel user) {
        List<Object[]> rows = em.createQuery("select c.id, c.credentialData from CredentialEntity c"
                        + " where c.user.id = :userId and c.type = :type order by c.id", Object[].class)
                .setParameter("userId", user.getId()).setParameter("type", TYPE).getResultList();
        if (rows.isEmpty()) {
            return new Stored(null, 0);
        }
        return new Stored((String) rows.get(0)[0], read((String) rows.get(0)[1]));
    }

    static int read(String data) {
        try {
            Object value = data == null ? null : JsonSerialization.readValue(data, Map.class).get(COUNT);
            return value instanceof Number n && n.intValue() >= 0 ? n.intValue() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int legacy(UserModel user) {
        String value = user.getFirstAttribute(LEGACY_ATTRIBUTE);
        return value != null && value.matches("[0-9]{1,4}") ? Integer.parseInt(value) : 0;
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
