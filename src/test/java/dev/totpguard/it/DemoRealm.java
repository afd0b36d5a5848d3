package dev.totpguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.models.utils.Base32;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps on the demo realm shared by the integration tests. */
final class DemoRealm {

    static final String JSON = "/totp-demo-realm.json";
    /** The demo realm's name, where a server imports the realm file (not the test framework's managed copies). */
    static final String NAME = "totp-demo";
    static final String TYPE = "totp-guard";

    private DemoRealm() {
    }

    /** A new user with a complete profile (no profile page), password = username, optionally with realm role admin. */
    static String createUser(RealmResource realm, String prefix, boolean admin, CredentialRepresentation... more) {
        UserRepresentation user = newUser(prefix);
        String username = user.getUsername();
        user.setEmailVerified(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(username);
        password.setTemporary(false);
        List<CredentialRepresentation> credentials = new ArrayList<>(List.of(password));
        credentials.addAll(List.of(more));
        user.setCredentials(credentials);
        AdminApi.created(realm.users().create(user), "create user");
        if (admin) {
            realm.users().get(userId(realm, username)).roles().realmLevel().add(List.of(realm.roles().get("admin").toRepresentation()));
        }
        return username;
    }

    /** The representation of a new user {@code <prefix>-<random>}: enabled, mail {@code <username>@example.com}, a name. */
    static UserRepresentation newUser(String prefix) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        user.setEnabled(true);
        user.setEmail(user.getUsername() + "@example.com");
        user.setFirstName("Test");
        user.setLastName(prefix);
        return user;
    }

    static String userId(RealmResource realm, String username) {
        return realm.users().search(username, true).get(0).getId();
    }

    /** The user's totp-guard devices, in the user's credential order. */
    static List<CredentialRepresentation> devices(RealmResource realm, String username) {
        return credentials(realm, username, TYPE);
    }

    /** The user's credentials of {@code type} ({@code otp}, {@code recovery-authn-codes}…), in the user's order. */
    static List<CredentialRepresentation> credentials(RealmResource realm, String username, String type) {
        return realm.users().get(userId(realm, username)).credentials().stream()
                .filter(c -> type.equals(c.getType())).toList();
    }

    /**
     * Opens demo-app's sign-in (with {@code extraParams}: acr_values, kc_action…) and signs in with username and
     * password (= username); returns the page after the password.
     */
    static Browser.Page password(Browser browser, String username, String... extraParams) {
        return browser.submitPassword(browser.openLogin(extraParams), username);
    }

    static String shownKey(Browser.Page enrollment) {
        String html = enrollment.find("id=\"totp-guard-key\"[^>]*>(.*?)</code>").orElseThrow(() -> new AssertionError("no key"));
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s", "");
    }

    static String otpauthUri(Browser.Page enrollment) {
        String src = enrollment.find("<img id=\"totp-guard-qr\" src=\"([^\"]+)\"").orElseThrow(() -> new AssertionError("no QR image"));
        return QrReader.decodeDataUri(src);
    }

    static byte[] secretOfQr(Browser.Page enrollment) {
        return Base32.decode(queryParam(otpauthUri(enrollment), "secret"));
    }

    static String queryParam(String uri, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(uri);
        assertTrue(m.find(), () -> "no " + name + " in the otpauth URI");
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    static List<EventRepresentation> events(RealmResource realm, String username, String... types) {
        return realm.getEvents(List.of(types), null, userId(realm, username), null, null, null, 0, 1000);
    }

    /** The user's only event of {@code type}; fails unless there is exactly one. */
    static EventRepresentation onlyEvent(RealmResource realm, String username, String type) {
        List<EventRepresentation> events = events(realm, username, type);
        assertEquals(1, events.size(), () -> "one " + type + " event, got " + events.size());
        return events.get(0);
    }

    /** The {@code reason} details of the events that have one, in the events' order (Keycloak's: newest first). */
    static List<String> reasons(List<EventRepresentation> events) {
        return events.stream().map(EventRepresentation::getDetails).filter(d -> d != null && d.get("reason") != null)
                .map(d -> d.get("reason")).toList();
    }

    /** The reasons of the user's failed sign-ins ({@code LOGIN_ERROR}), newest first. */
    static List<String> reasons(RealmResource realm, String userId) {
        return reasons(realm.getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 1000));
    }

    /** The reason of the user's newest {@code LOGIN_ERROR}. */
    static String lastReason(RealmResource realm, String username) {
        List<EventRepresentation> errors = events(realm, username, "LOGIN_ERROR");
        assertFalse(errors.isEmpty(), "a LOGIN_ERROR event");
        Map<String, String> details = errors.get(0).getDetails();
        assertNotNull(details, "the LOGIN_ERROR event has details");
        return details.get("reason");
    }

    /** Whether Keycloak's brute-force detection holds the user locked now. */
    static boolean realmLocked(RealmResource realm, String userId) {
        return Boolean.TRUE.equals(realm.attackDetection().bruteForceUserStatus(userId).get("disabled"));
    }

    /** Waits (10 s at most) until Keycloak's brute-force detection, which decides asynchronously, locks the user. */
    static boolean awaitRealmLock(RealmResource realm, String userId) {
        return Waits.until(Duration.ofSeconds(10), 100, () -> realmLocked(realm, userId));
    }

    /** The failures Keycloak's brute-force detection holds against the user. */
    static int realmFailures(RealmResource realm, String userId) {
        Object n = realm.attackDetection().bruteForceUserStatus(userId).get("numFailures");
        return n == null ? 0 : ((Number) n).intValue();
    }

    /** A new user with realm role admin (always asked for a code) who enrolled a device "phone" at the first sign-in. */
    static TotpDevice enrolledAdmin(RealmResource realm, String prefix) {
        String username = createUser(realm, prefix, true);
        Browser browser = new Browser(realmUrl(realm));
        return TotpDevice.enroll(realm, browser, password(browser, username), username, "phone");
    }

    /** A new login session of the user, at the code prompt. */
    static Prompt prompt(RealmResource realm, String username) {
        Browser browser = new Browser(realmUrl(realm));
        Browser.Page page = password(browser, username);
        assertTrue(page.isCodePrompt(), () -> "expected the code prompt, got " + page);
        return new Prompt(browser, page);
    }

    /** A new login session of the device's user in {@code realm}: password, then a fresh code; the sign-in done. */
    static SignedIn signIn(ManagedRealm realm, TotpDevice device) {
        return signIn(realm.getBaseUrl(), device);
    }

    /** The same in the realm at {@code realmUrl} (of a server of the test's own). */
    static SignedIn signIn(String realmUrl, TotpDevice device) {
        Browser browser = new Browser(realmUrl);
        Browser.Page prompt = password(browser, device.username());
        assertTrue(prompt.isCodePrompt(), () -> "a user with a device is asked for a code, got " + prompt);
        // as a user does: a device whose codes up to the next step were all used waits for the next one
        Browser.Page done = browser.submit(prompt, Map.of("otp", device.awaitNextCode()));
        assertTrue(done.isRedirectToClient(), () -> "signed in with a code, got " + done);
        return new SignedIn(device.username(), browser, done);
    }

    /** A new user without realm role admin, signed in with the password alone: no device, so no code asked. */
    static SignedIn passwordOnly(ManagedRealm realm, String prefix) {
        String username = createUser(realm.admin(), prefix, false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page done = password(browser, username);
        assertTrue(done.isRedirectToClient(), () -> "no device yet: password only, got " + done);
        return new SignedIn(username, browser, done);
    }

    /** A user's browser after a sign-in (its SSO session), and the redirect back to demo-app. */
    record SignedIn(String username, Browser browser, Browser.Page redirect) {
        /** The tokens of the sign-in (the redirect's authorization code, exchanged). */
        JsonNode tokens() {
            return browser.exchange(redirect);
        }
    }

    /** A login session waiting at the code prompt. */
    record Prompt(Browser browser, Browser.Page page) {
        Browser.Page submit(String code) {
            return browser.submit(page, Map.of("otp", code));
        }

        /** Submits a code that is refused: the code prompt again, as the session now waits at it. */
        Prompt refused(String code) {
            Browser.Page next = submit(code);
            assertTrue(next.isCodePrompt() && !next.isRedirectToClient(), () -> "a refused code: the prompt again, got " + next);
            return new Prompt(browser, next);
        }

        /** Submits {@code code} at every prompt at the same moment; the pages answered, in the prompts' order. */
        static List<Browser.Page> submitAtOnce(List<Prompt> prompts, String code) throws Exception {
            return Together.all(prompts.stream().map(p -> (Callable<Browser.Page>) () -> p.submit(code))
                    .toList(), Duration.ofMinutes(2));
        }
    }

    /**
     * The user's single device as the database holds it now, through the admin API ({@code GET …/totp-guard/users/{id}},
     * never the secret): {@code lastStep}, {@code drift}, {@code failures}, {@code waitUntil} and {@code lastUsed}
     * (0 for none), the device's state wherever it is stored.
     */
    static JsonNode deviceData(RealmResource realm, String username) {
        AdminApi api = new AdminApi(realm.toRepresentation().getRealm());
        JsonNode device = api.device(userId(realm, username), api.masterAdminToken());
        ObjectNode data = new ObjectMapper().createObjectNode();
        data.put("lastStep", device.get("lastStep").asLong());
        data.put("drift", device.get("drift").asInt());
        data.put("failures", device.get("consecutiveFailures").asInt());
        data.put("waitUntil", device.get("waitUntil").isNull() ? 0L : device.get("waitUntil").asLong());
        data.put("lastUsed", device.get("lastUsed").isNull() ? 0L : device.get("lastUsed").asLong());
        return data;
    }

    static void bruteForceDetection(RealmResource realm, boolean on) {
        RealmRepresentation rep = realm.toRepresentation();
        rep.setBruteForceProtected(on);
        realm.update(rep);
    }

    private static String realmUrl(RealmResource realm) {
        return TotpGuardServerConfig.BASE_URL + "/realms/" + realm.toRepresentation().getRealm();
    }

    /** Fails if any of {@code secrets} appears as a whole token in the server log or in the given events. */
    static void assertNowhere(Collection<String> secrets, List<EventRepresentation> events) {
        String eventsJson;
        try {
            eventsJson = JsonSerialization.writeValueAsString(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String log = ServerLog.read();
        assertFalse(log.isEmpty(), "server log is empty");
        for (String secret : secrets) {
            Pattern token = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])", Pattern.CASE_INSENSITIVE);
            assertFalse(token.matcher(eventsJson).find(), "a secret or code appears in an event");
            assertFalse(token.matcher(log).find(), "a secret or code appears in the server log");
        }
    }

    /** Sets the enrollment action's "maximum devices per user" for this test; the realm's cleanup restores the config. */
    static void setMaxDevices(ManagedRealm realm, String max) {
        setEnrollConfig(realm, "totp-guard.max-devices", max);
    }

    /** Sets one setting of the enrollment action for this test (see {@link #setEnrollConfig(ManagedRealm, Map)}). */
    static void setEnrollConfig(ManagedRealm realm, String key, String value) {
        setEnrollConfig(realm, Map.of(key, value));
    }

    /**
     * Sets settings of the enrollment action for this test, the others kept, as an admin changes them in the Admin
     * Console; the realm's cleanup puts back the demo realm's own config (the same whatever order the cleanups of
     * several changes run in).
     */
    static void setEnrollConfig(ManagedRealm realm, Map<String, String> settings) {
        AuthenticationManagementResource flows = realm.admin().flows();
        RequiredActionConfigRepresentation current = flows.getRequiredActionConfig(RequiredActions.ENROLL);
        Map<String, String> changed = new HashMap<>(current.getConfig() == null ? Map.of() : current.getConfig());
        changed.putAll(settings);
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(changed);
        flows.updateRequiredActionConfig(RequiredActions.ENROLL, rep);
        realm.cleanup().add(r -> {
            RequiredActionConfigRepresentation restore = new RequiredActionConfigRepresentation();
            restore.setConfig(new HashMap<>(demoEnrollConfig()));
            r.flows().updateRequiredActionConfig(RequiredActions.ENROLL, restore);
        });
    }

    /** The enrollment action's config in the demo realm file. */
    static Map<String, String> demoEnrollConfig() {
        try (InputStream json = DemoRealm.class.getResourceAsStream(JSON)) {
            JsonNode actions = new ObjectMapper().readTree(json)
                    .path("requiredActions");
            for (JsonNode action : actions) {
                if (RequiredActions.ENROLL.equals(action.path("alias").asText())) {
                    Map<String, String> config = new HashMap<>();
                    action.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                    return config;
                }
            }
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
