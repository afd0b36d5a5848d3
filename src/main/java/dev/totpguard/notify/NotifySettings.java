package dev.totpguard.notify;

import org.keycloak.models.RealmModel;

/**
 * The per-realm switches, realm attributes {@code totp-guard.notify.<kind>}: every kind is on unless its attribute is
 * {@code false} (ignoring case and surrounding blanks).
 */
public final class NotifySettings {

    /** Prefix of the realm attributes. */
    public static final String PREFIX = "totp-guard.notify.";

    private NotifySettings() {
    }

    public static boolean enabled(RealmModel realm, Notice.Kind kind) {
        return enabled(realm.getAttribute(kind.setting()));
    }

    static boolean enabled(String value) {
        return value == null || !"false".equalsIgnoreCase(value.strip());
    }
}
