package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.models.utils.Base32;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integration tests' one fixture for "a device": the authenticator app that holds its seed and parameters, and how
 * the device came to the server (its user, its credential id and label where the test knows them). It hands out codes
 * of fresh steps, as a phone would over time, without sleeping: a device read from a page gives as its first code the
 * step before the server's (the window accepts it), so one device yields three codes within one step: enrollment, and
 * two sign-ins.
 */
final class TotpDevice {

    /** How the device came to the server. */
    enum Enrollment {
        /** Read from an enrollment page or an otpauth URI; stored once the page takes one of its codes (the test's). */
        SHOWN,
        /** Confirmed on the enrollment page with the code of {@link #enrollmentStep()}. */
        ENROLLMENT_PAGE,
        /** Imported through the admin API ({@code POST …/totp-guard/users/{id}/devices}) with a seed of the test's. */
        IMPORTED
    }

    private final byte[] secret;
    private final String algorithm;
    private final int digits;
    private final int period;
    private final Enrollment enrollment;
    private final long enrollmentStep;
    private final String username;
    private final String userId;
    private final String credentialId;
    private final String label;
    private long lastStep = Long.MIN_VALUE;

    private TotpDevice(byte[] secret, String algorithm, int digits, int period, Enrollment enrollment,
                       long enrollmentStep, String username, String userId, String credentialId, String label) {
        this.secret = secret.clone();
        this.algorithm = algorithm;
        this.digits = digits;
        this.period = period;
        this.enrollment = enrollment;
        this.enrollmentStep = enrollmentStep;
        this.username = username;
        this.userId = userId;
        this.credentialId = credentialId;
        this.label = label;
    }

    // --- how a device comes about ------------------------------------------------------------------------------------

    /** The device whose QR code the enrollment page shows, with the parameters the QR code carries (not stored yet). */
    static TotpDevice fromEnrollmentPage(Browser.Page enrollment) {
        return fromOtpauthUri(DemoRealm.otpauthUri(enrollment));
    }

    /** A device with the parameters of an {@code otpauth://} URI (algorithm as the URI names it: SHA1, SHA256, SHA512). */
    static TotpDevice fromOtpauthUri(String uri) {
        return new TotpDevice(Base32.decode(DemoRealm.queryParam(uri, "secret")), DemoRealm.queryParam(uri, "algorithm"),
                Integer.parseInt(DemoRealm.queryParam(uri, "digits")), Integer.parseInt(DemoRealm.queryParam(uri, "period")),
                Enrollment.SHOWN, Long.MIN_VALUE, null, null, null, null);
    }

    /**
     * Enrolls on {@code page} (the enrollment page of {@code username}'s login session): checks that the QR code shows
     * the key the text shows, submits the code of the current step with {@code label}, and checks that this finishes the
     * sign-in. The step of that code is the device's {@link #enrollmentStep()} and its last used one.
     */
    static TotpDevice enroll(Browser browser, Browser.Page page, String username, String label) {
        return enroll(browser, page, username, label, null);
    }

    /** The same, and the user's and the new credential's ids read from {@code realm} (the device's label finds it). */
    static TotpDevice enroll(RealmResource realm, Browser browser, Browser.Page page, String username, String label) {
        return enroll(browser, page, username, label, realm);
    }

    private static TotpDevice enroll(Browser browser, Browser.Page page, String username, String label, RealmResource realm) {
        assertTrue(page.isEnrollment(), () -> "expected the enrollment page, got " + page);
        TotpDevice shown = fromEnrollmentPage(page);
        assertEquals(DemoRealm.shownKey(page), shown.base32(), "QR code and key agree");
        long step = Codes.currentStep(shown.period);
        Browser.Page done = browser.submit(page, Map.of("otp", shown.codeAt(step), "userLabel", label));
        assertTrue(done.isRedirectToClient(), () -> "enrollment should finish the login, got " + done);
        String userId = null;
        String credentialId = null;
        if (realm != null) {
            userId = DemoRealm.userId(realm, username);
            credentialId = DemoRealm.devices(realm, username).stream().filter(c -> label.equals(c.getUserLabel()))
                    .map(CredentialRepresentation::getId).findFirst()
                    .orElseThrow(() -> new AssertionError("no device '" + label + "' stored for " + username));
        }
        return shown.confirmedAt(step, username, userId, credentialId, label);
    }

    /**
     * This device, read from an enrollment page, once the page took its code of {@code step}: enrolled on the page,
     * with what the test knows of it ({@code null} for what it did not read).
     */
    TotpDevice confirmedAt(long step, String username, String userId, String credentialId, String label) {
        return new TotpDevice(secret, algorithm, digits, period, Enrollment.ENROLLMENT_PAGE, step, username, userId,
                credentialId, label).usedUpTo(step);
    }

    /** A new user (password = username; realm role admin if asked) with a device "phone" imported by the master admin. */
    static TotpDevice importedForNewUser(ManagedRealm realm, String prefix, boolean admin) {
        return importedFor(realm, DemoRealm.createUser(realm.admin(), prefix, admin));
    }

    /** A device with a random seed imported for the user by the master admin, labelled "phone". */
    static TotpDevice importedFor(ManagedRealm realm, String username) {
        return importedFor(realm, username, "phone");
    }

    /** A device with a random seed and {@code label} imported for the user by the master admin. */
    static TotpDevice importedFor(ManagedRealm realm, String username, String label) {
        AdminApi api = new AdminApi(realm.getName());
        return imported(api, api.masterAdminToken(), username, DemoRealm.userId(realm.admin(), username), label, "seed");
    }

    /**
     * A device with a random 160-bit seed and the default parameters (SHA1, 6 digits, 30 s), imported through
     * {@code api} with {@code token}: {@code POST users/{userId}/devices} with the seed in the field {@code seedField}
     * ({@code seed}; 0.1.0 knows {@code secret} only, which later releases accept too), the parameters, and
     * {@code label} unless {@code null}. Fails unless the server answers 201 Created.
     */
    static TotpDevice imported(AdminApi api, String token, String username, String userId, String label, String seedField) {
        byte[] seed = Guesses.seed();
        String body = "{\"" + seedField + "\":\"" + Guesses.base32(seed) + "\",\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30"
                + (label == null ? "" : ",\"label\":\"" + label + "\"") + "}";
        AdminApi.Reply created = api.call("POST", "users/" + userId + "/devices", token, body);
        assertEquals(201, created.status(), created::toString);
        return new TotpDevice(seed, "SHA1", 6, 30, Enrollment.IMPORTED, Long.MIN_VALUE, username, userId,
                created.json().get("id").asText(), label);
    }

    // --- what the test knows about it ------------------------------------------------------------------------------

    Enrollment enrollment() {
        return enrollment;
    }

    /** The step of the code that confirmed the device on the enrollment page. */
    long enrollmentStep() {
        if (enrollment != Enrollment.ENROLLMENT_PAGE) {
            throw new IllegalStateException("not enrolled on the enrollment page: " + enrollment);
        }
        return enrollmentStep;
    }

    /** The user the device belongs to ({@code null} where the test did not say). */
    String username() {
        return username;
    }

    /** The user's id ({@code null} where the test did not read it). */
    String userId() {
        return userId;
    }

    /** The device's credential id ({@code null} where the test did not read it). */
    String credentialId() {
        return credentialId;
    }

    String label() {
        return label;
    }

    byte[] secret() {
        return secret.clone();
    }

    /** The seed as Base32 without padding, as the enrollment page shows it and imports take it. */
    String base32() {
        return Base32.encode(secret).replace("=", "");
    }

    /** The seed as Base32 and as hex: what must never appear in a response, an event, a log or a mail. */
    List<String> seedEncodings() {
        return new ArrayList<>(List.of(base32(), HexFormat.of().formatHex(secret)));
    }

    // --- codes -------------------------------------------------------------------------------------------------------

    /** A code of a step later than any this device gave before, inside the server's window (±1 step). */
    String nextCode() {
        // a code of the step before is fine unless a step boundary passes before the server checks it (it would then
        // be two steps old): within the last seconds of a step, wait (at most a few seconds) for the next one
        if (period == 30) {
            Codes.awayFromStepBoundary(0);
        }
        long now = Codes.currentStep(period);
        long step = Math.max(lastStep + 1, now - 1);
        if (step > now + 1) {
            throw new AssertionError("this device already gave the codes of every step up to " + lastStep
                    + "; the test asks for more codes than one 30 s step allows");
        }
        lastStep = step;
        return codeAt(step);
    }

    /** {@link #nextCode()}, once the device has a fresh step within the window (waits less than a step for it). */
    String awaitNextCode() {
        while (!hasNextCode()) {
            Waits.sleep(500);
        }
        return nextCode();
    }

    /**
     * The code of the server's current step, for a client that accepts only that step (the demo's admin-portal);
     * {@code offsetSeconds} is the server's time offset. Tests move the server clock ahead rather than wait for a step.
     */
    String currentCode(int offsetSeconds) {
        Codes.awayFromStepBoundary(offsetSeconds);
        long now = Codes.currentStep(period, offsetSeconds);
        if (now <= lastStep) {
            throw new AssertionError("the code of the server's current step was given already: move the server clock ahead");
        }
        lastStep = now;
        return codeAt(now);
    }

    /** Marks every step up to {@code step} as given (a code of it was used elsewhere, e.g. at enrollment). */
    TotpDevice usedUpTo(long step) {
        lastStep = Math.max(lastStep, step);
        return this;
    }

    /** The step of the last code given. */
    long lastStep() {
        return lastStep;
    }

    /** Whether {@link #nextCode()} has a fresh step within the server's window now, without waiting for a step. */
    boolean hasNextCode() {
        return lastStep == Long.MIN_VALUE || lastStep <= Codes.currentStep(period);
    }

    /** The code of {@code step}, whatever was given before (for replays and older steps). */
    String codeAt(long step) {
        return Codes.totp(secret, step, digits, "Hmac" + algorithm);
    }

    /**
     * A random code that is none of this device's codes of steps {@code step-range … step+range}: a plain wrong code
     * even for a server that looks {@code range} steps around for a resync.
     */
    String wrongCode(long step, int range) {
        return Guesses.wrong(this::codeAt, digits, step, range);
    }
}
