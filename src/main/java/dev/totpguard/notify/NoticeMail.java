package dev.totpguard.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.totpguard.credential.DeviceRules;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends one {@link Notice} through the realm's SMTP settings and Keycloak's {@link EmailTemplateProvider} (email theme,
 * the user's locale, templates {@code html/} and {@code text/totp-guard-<kind>.ftl}). Like Keycloak's own {@code email}
 * event listener it writes only to a verified address; a realm without SMTP settings, a switched-off kind or a user
 * without a verified address gets no mail.
 */
final class NoticeMail {

    private static final Logger LOG = Logger.getLogger(NoticeMail.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private NoticeMail() {
    }

    static void send(KeycloakSession session, Notice notice) {
        RealmModel realm = session.realms().getRealm(notice.realmId());
        if (realm == null || !NotifySettings.enabled(realm, notice.kind())) {
            return;
        }
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.get("host") == null || smtp.get("host").isBlank()) {
            LOG.debugf("realm %s has no SMTP settings: no %s mail", realm.getName(), notice.kind());
            return;
        }
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, notice.userId());
        if (user == null || user.getEmail() == null || !user.isEmailVerified()) {
            return;
        }
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    // the user's own locale (or the realm's default), never the language of whoever caused the event
                    .setAttribute("IGNORE_ACCEPT_LANGUAGE_HEADER", "true")
                    .send(notice.kind().subjectKey(), List.of(), notice.kind().template(), attributes(notice));
        } catch (EmailException e) {
            LOG.warnf("totp-guard: %s mail to user %s of realm %s not sent: %s", notice.kind(), user.getId(),
                    realm.getName(), e.getMessage());
            LOG.debug("totp-guard: mail failure", e);
        }
    }

    /** What the templates get as {@code totpGuard}: everything already text, nothing secret. */
    static Map<String, Object> attributes(Notice notice) {
        Map<String, Object> values = new HashMap<>();
        List<String> labels = notice.labels().stream().map(l -> label(DeviceRules.displayLabel(l))).toList();
        values.put("labels", labels);
        values.put("label", labels.isEmpty() ? "" : labels.get(0));
        values.put("time", TIME.format(Instant.ofEpochMilli(notice.time())));
        values.put("client", notice.clientId() == null ? "" : label(notice.clientId()));
        values.put("ip", notice.ipAddress() == null ? "" : notice.ipAddress());
        values.put("byAdmin", notice.byAdmin());
        values.put("variant", notice.variant() == null ? "" : notice.variant());
        // mutable: Keycloak's template provider adds locale, msg, realmName… to it
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("totpGuard", values);
        return attributes;
    }

    /**
     * A label as the mail shows it: empty for an unnamed device (the template names it), and defanged when it looks
     * like a web address, so that a label chosen by whoever added the device never becomes a link in a mail client.
     */
    static String label(String label) {
        if (label == null) {
            return "";
        }
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.contains("://") || lower.contains("www.") || lower.matches(".*[a-z0-9-]\\.[a-z]{2,}.*")) {
            return label.replace("://", "[://]").replace(".", "[.]");
        }
        return label;
    }
}
