package dev.totpguard.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.keycloak.testframework.mail.MailServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mails received by the test framework's SMTP server (GreenMail, inside the test JVM). A test class that declares
 * {@code @InjectMailServer MailServer mail} gets it on localhost:3025, and its {@code @InjectRealm} realm's SMTP
 * settings point there (the test framework sets them); mails are purged after each test.
 */
final class Mails {

    private Mails() {
    }

    /** One received mail: the decoded text and HTML parts, and the raw MIME source. */
    record Mail(String to, String subject, String text, String html, String raw) {
        /** Both parts and the raw source, for searching. */
        String all() {
            return text + "\n" + html + "\n" + raw;
        }
    }

    static List<Mail> received(MailServer server) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            mails.add(read(message));
        }
        return mails;
    }

    static List<Mail> to(MailServer server, String address) {
        return received(server).stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    /** Waits (up to 20 s) for a mail to {@code address} that {@code which} accepts. */
    static Mail await(MailServer server, String address, Predicate<Mail> which) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            for (Mail mail : to(server, address)) {
                if (which.test(mail)) {
                    return mail;
                }
            }
            server.waitForIncomingEmail(500, received(server).size() + 1);
        }
        throw new AssertionError("no such mail to " + address + "; received: "
                + received(server).stream().map(m -> m.to() + " / " + m.subject()).toList());
    }

    /** A link of Keycloak's action tokens ({@code …/login-actions/action-token?…}), as its mails' text parts carry it. */
    private static final Pattern ACTION_LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    /** Waits for a mail to {@code address} with an action-token link (password reset, execute actions); the link. */
    static String actionLink(MailServer server, String address) {
        Mail mail = await(server, address, m -> ACTION_LINK.matcher(m.text()).find());
        Matcher link = ACTION_LINK.matcher(mail.text());
        assertTrue(link.find());
        return link.group(1);
    }

    /**
     * "Forgot password" on the sign-in page of {@code browser}'s realm for {@code username}, then the link of the mail
     * the user receives, opened in the same browser: the page it leads to.
     */
    static Browser.Page followResetLink(MailServer server, Browser browser, String username) {
        Browser.Page login = browser.openLogin();
        String forgot = login.find("href=\"([^\"]*/login-actions/reset-credentials[^\"]*)\"")
                .orElseThrow(() -> new AssertionError("no 'Forgot password' link")).replace("&amp;", "&");
        Browser.Page form = browser.open(login.uri().resolve(forgot).toString());
        Browser.Page sent = browser.submit(form, Map.of("username", username));
        assertEquals(200, sent.status(), sent::toString);
        return browser.open(actionLink(server, username + "@example.com"));
    }

    /** Keycloak's event time as the mails show it. */
    static String time(long epochMillis) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Fails if a secret appears as a whole token in a mail (decoded parts and raw MIME), or if a mail carries a link
     * (an anchor, or any http/https address).
     */
    static void assertNoSecretNoLink(Collection<Mail> mails, Collection<String> secrets) {
        for (Mail mail : mails) {
            for (String secret : secrets) {
                Pattern token = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])",
                        Pattern.CASE_INSENSITIVE);
                assertFalse(token.matcher(mail.all()).find(), () -> "a code or seed in the mail '" + mail.subject() + "'");
            }
            String body = (mail.text() + "\n" + mail.html()).toLowerCase(Locale.ROOT);
            assertFalse(body.contains("<a "), () -> "an anchor in the mail '" + mail.subject() + "'");
            assertFalse(body.contains("href"), () -> "an href in the mail '" + mail.subject() + "'");
            assertFalse(body.contains("http://") || body.contains("https://"), () -> "an address in the mail '" + mail.subject() + "'");
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            String to = message.getAllRecipients()[0].toString();
            String text = "";
            String html = "";
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    Object partContent = part.getContent();
                    if (partContent instanceof Multipart nested) {
                        for (int j = 0; j < nested.getCount(); j++) {
                            BodyPart inner = nested.getBodyPart(j);
                            if (inner.isMimeType("text/plain")) {
                                text = (String) inner.getContent();
                            } else if (inner.isMimeType("text/html")) {
                                html = (String) inner.getContent();
                            }
                        }
                    } else if (part.isMimeType("text/plain")) {
                        text = (String) partContent;
                    } else if (part.isMimeType("text/html")) {
                        html = (String) partContent;
                    }
                }
            } else {
                text = String.valueOf(content);
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            return new Mail(to, message.getSubject(), text, html, raw.toString(StandardCharsets.UTF_8));
        } catch (MessagingException | IOException e) {
            throw new AssertionError("unreadable mail", e);
        }
    }
}
