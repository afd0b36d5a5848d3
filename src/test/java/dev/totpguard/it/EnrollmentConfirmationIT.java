package dev.totpguard.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The enrollment page's confirmation: a limited number of wrong codes per secret (then a fresh secret and QR code),
 * and parallel confirmations that can neither exceed the device limit nor make two devices of one secret.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class EnrollmentConfirmationIT {

    /** Wrong confirmation codes one enrollment secret takes before it is replaced. */
    static final int WRONG_CODES_PER_SECRET = 5;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void tooManyWrongCodesReplaceTheSecretAndSaySo() {
        String user = DemoRealm.createUser(realm.admin(), "wrong", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page first = DemoRealm.password(browser, user);
        assertTrue(first.isEnrollment(), () -> "expected the enrollment page, got " + first);
        Browser.Page page = first;
        String firstKey = DemoRealm.shownKey(page);
        byte[] firstSecret = DemoRealm.secretOfQr(page);
        long step = Codes.currentStep(30);

        for (int i = 1; i < WRONG_CODES_PER_SECRET; i++) {
            page = browser.submit(page, Map.of("otp", Codes.wrong(firstSecret, step), "userLabel", "phone"));
            assertTrue(page.isEnrollment() && page.codeError().isPresent(), "wrong code " + i + " shows an error");
            assertEquals(firstKey, DemoRealm.shownKey(page), "the same secret after wrong code " + i);
        }
        Browser.Page renewed = browser.submit(page, Map.of("otp", Codes.wrong(firstSecret, step), "userLabel", "phone"));
        assertTrue(renewed.isEnrollment(), () -> "expected the enrollment page, got " + renewed);
        String secondKey = DemoRealm.shownKey(renewed);
        assertNotEquals(firstKey, secondKey, "a fresh secret after " + WRONG_CODES_PER_SECRET + " wrong codes");
        assertTrue(renewed.body().contains("new QR code"), "the page says the QR code is new");
        assertTrue(renewed.header("Cache-Control").contains("no-store"));
        assertTrue(DemoRealm.devices(realm.admin(), user).isEmpty(), "nothing stored");

        // the replaced secret's codes are worth nothing now; the new one's work
        Browser.Page old = browser.submit(renewed, Map.of("otp", Codes.sha1(firstSecret, Codes.currentStep(30)), "userLabel", "phone"));
        assertTrue(old.isEnrollment() && old.codeError().isPresent(), () -> "the old secret is gone, got " + old);
        assertEquals(secondKey, DemoRealm.shownKey(old));
        byte[] secondSecret = DemoRealm.secretOfQr(old);
        Browser.Page done = browser.submit(old, Map.of("otp", Codes.sha1(secondSecret, Codes.currentStep(30)), "userLabel", "phone"));
        assertTrue(done.isRedirectToClient(), () -> "the new secret enrolls, got " + done);
        assertEquals(1, DemoRealm.devices(realm.admin(), user).size());

        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), user, "UPDATE_CREDENTIAL_ERROR");
        assertEquals(WRONG_CODES_PER_SECRET + 1, errors.size(), "every wrong code is an event");
        assertTrue(errors.stream().anyMatch(e -> "true".equals(e.getDetails().get("totp_secret_renewed"))),
                "the event of the last wrong code says the secret was replaced");
    }

    @Test
    void parallelConfirmationsInOneSessionMakeOneDevice() throws Exception {
        for (int round = 0; round < 3; round++) {
            String user = DemoRealm.createUser(realm.admin(), "race", true);
            Browser browser = new Browser(realm.getBaseUrl());
            Browser.Page page = DemoRealm.password(browser, user);
            assertTrue(page.isEnrollment(), () -> "expected the enrollment page, got " + page);
            String code = Codes.sha1(DemoRealm.secretOfQr(page), Codes.currentStep(30));
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(new Request(page.formAction(), browser.cookieHeader(),
                        Browser.query(Map.of("otp", code, "userLabel", "phone " + i))));
            }
            List<Integer> statuses = sendTogether(requests);
            assertTrue(statuses.stream().allMatch(s -> s < 500), () -> "no server error: " + statuses);
            assertEquals(1, DemoRealm.devices(realm.admin(), user).size(),
                    () -> "one secret, one device (round with statuses " + statuses + ")");
        }
    }

    @Test
    void parallelEnrollmentsInSeveralSessionsStayWithinTheDeviceLimit() throws Exception {
        DemoRealm.setMaxDevices(realm, "1");
        for (int round = 0; round < 3; round++) {
            String user = DemoRealm.createUser(realm.admin(), "limit-race", true);
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Browser browser = new Browser(realm.getBaseUrl());
                Browser.Page page = DemoRealm.password(browser, user);
                assertTrue(page.isEnrollment(), () -> "expected the enrollment page, got " + page);
                String code = Codes.sha1(DemoRealm.secretOfQr(page), Codes.currentStep(30));
                requests.add(new Request(page.formAction(), browser.cookieHeader(),
                        Browser.query(Map.of("otp", code, "userLabel", "phone " + i))));
            }
            List<HttpResponse<String>> responses = sendTogetherFull(requests);
            List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
            assertTrue(statuses.stream().allMatch(s -> s < 500), () -> "no server error: " + statuses);
            assertEquals(1, DemoRealm.devices(realm.admin(), user).size(),
                    () -> "at most the realm's 1 device (statuses " + statuses + ")");
            long signedIn = responses.stream().filter(r -> r.statusCode() == 302
                    && r.headers().firstValue("Location").orElse("").startsWith(Browser.REDIRECT_URI)).count();
            assertEquals(1, signedIn, () -> "only the session that enrolled the device signs in without a code: " + statuses);
        }
    }

    record Request(String url, String cookies, String body) {
    }

    private static List<Integer> sendTogether(List<Request> requests) throws Exception {
        return sendTogetherFull(requests).stream().map(HttpResponse::statusCode).toList();
    }

    /** Sends every request at the same moment, each on its own thread. */
    private static List<HttpResponse<String>> sendTogetherFull(List<Request> requests) throws Exception {
        List<Callable<HttpResponse<String>>> sends = new ArrayList<>();
        for (Request request : requests) {
            sends.add(() -> Http.send(HttpRequest.newBuilder(URI.create(request.url()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", request.cookies())
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(request.body())).build()));
        }
        return Together.all(sends, Duration.ofMinutes(2));
    }
}
