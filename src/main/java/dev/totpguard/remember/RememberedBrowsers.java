package dev.totpguard.remember;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A user's remembered browsers, stored as Keycloak credentials of type {@value #TYPE}: in the database (so every
 * cluster node sees them, through Keycloak's cluster-invalidated user cache), without a table of our own, listed and
 * removable in the Account Console and the Admin Console like any credential. The public data holds the browser
 * description, expiry, last use and the password it was remembered under; the secret data only the SHA-256 hash of the
 * cookie's token.
 */
public final class RememberedBrowsers {

    public static final String TYPE = "totp-guard-remembered-browser";
    static final String HASH = "tokenHash";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RememberedBrowsers() {
    }

    /** A freshly remembered browser and the token for its cookie (never stored). */
    record Issued(RememberedBrowser browser, String token) {
    }

    /** The user's records, oldest first. */
    public static List<RememberedBrowser> list(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).map(RememberedBrowsers::read)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingLong(RememberedBrowser::created).thenComparing(RememberedBrowser::id))
                .toList();
    }

    /** Remembers a browser of {@code user} for {@code days}; evicts expired records and the oldest beyond the bound. */
    static Issued remember(UserModel user, int days, String browser) {
        long now = Time.currentTimeMillis();
        RememberedBrowser.toEvict(list(user), now)
                .forEach(old -> user.credentialManager().removeStoredCredentialById(old.id()));
        String token = RememberToken.generate(RANDOM);
        long expires = now + days * 86_400_000L;
        CredentialModel model = new CredentialModel();
        model.setType(TYPE);
        model.setCreatedDate(now);
        model.setUserLabel(RememberedBrowser.uniqueLabel(RememberedBrowser.label(browser, expires),
                user.credentialManager().getStoredCredentialsByTypeStream(TYPE).map(CredentialModel::getUserLabel).toList()));
        model.setCredentialData(json(new RememberedBrowser.Data(browser, expires, null, passwordStamp(user))));
        model.setSecretData(json(Map.of(HASH, RememberToken.hash(token))));
        CredentialModel stored = user.credentialManager().createStoredCredential(model);
        return new Issued(new RememberedBrowser(stored.getId(), browser, now, expires, null), token);
    }

    /**
     * The user's live record whose hash matches {@code token}, its last use set to now. A matching record that expired
     * or was made under another password is deleted and does not match. Only {@code user}'s records are looked at: a
     * cookie of another user matches nothing.
     */
    static Optional<RememberedBrowser> use(KeycloakSession session, RealmModel realm, UserModel user, String token) {
        if (!RememberToken.wellFormed(token)) {
            return Optional.empty();
        }
        long now = Time.currentTimeMillis();
        long password = passwordStamp(user);
        // "sign out everywhere" by an admin (the user's or the whole realm's sessions) sets a not-before time, as it
        // does for tokens: a browser remembered before it vouches for nothing
        // (whole seconds: a browser remembered in the same second as the sign-out counts as before it)
        int notBefore = Math.max(realm.getNotBefore(), session.users().getNotBeforeOfUser(realm, user));
        for (CredentialModel model : user.credentialManager().getStoredCredentialsByTypeStream(TYPE).toList()) {
            if (!RememberToken.matches(token, hash(model))) {
                continue;
            }
            Optional<RememberedBrowser.Data> data = data(model);
            if (data.isEmpty() || now >= data.get().expires() || data.get().passwordStamp() != password
                    || notBefore > 0 && created(model) < (notBefore + 1) * 1000L) {
                user.credentialManager().removeStoredCredentialById(model.getId());
                return Optional.empty();
            }
            RememberedBrowser.Data used = new RememberedBrowser.Data(data.get().browser(), data.get().expires(), now,
                    data.get().passwordStamp());
            model.setCredentialData(json(used));
            user.credentialManager().updateStoredCredential(model);
            return Optional.of(new RememberedBrowser(model.getId(), used.browser(), created(model), used.expires(), now));
        }
        return Optional.empty();
    }

    /** Deletes one record of the user; false when the user has no such record. */
    public static Optional<RememberedBrowser> revoke(UserModel user, String id) {
        Optional<RememberedBrowser> found = list(user).stream().filter(b -> b.id().equals(id)).findFirst();
        found.ifPresent(b -> user.credentialManager().removeStoredCredentialById(b.id()));
        return found;
    }

    /** Deletes every record of the user; returns how many. */
    public static int revokeAll(UserModel user) {
        List<String> ids = user.credentialManager().getStoredCredentialsByTypeStream(TYPE).map(CredentialModel::getId).toList();
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        return ids.size();
    }

    /**
     * When the user's password was last set (0 without one). Keycloak gives a changed password a new creation date,
     * whichever way it changed (user, admin, reset by email, import), so a record made under an older password is void
     * even if no event reached us.
     */
    static long passwordStamp(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(CredentialModel::getCreatedDate).filter(d -> d != null).mapToLong(Long::longValue).max().orElse(0L);
    }

    private static Optional<RememberedBrowser> read(CredentialModel model) {
        return data(model).map(d -> new RememberedBrowser(model.getId(), d.browser(), created(model), d.expires(), d.lastUsed()));
    }

    private static long created(CredentialModel model) {
        return model.getCreatedDate() == null ? 0L : model.getCreatedDate();
    }

    private static Optional<RememberedBrowser.Data> data(CredentialModel model) {
        try {
            return Optional.of(JsonSerialization.readValue(model.getCredentialData(), RememberedBrowser.Data.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hash(CredentialModel model) {
        try {
            Object value = JsonSerialization.readValue(model.getSecretData(), Map.class).get(HASH);
            return value instanceof String s ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
