package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.models.utils.Base32;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authenticator app in a test: hands out codes of fresh steps, as a phone would over time, without sleeping. The
 * first code is of the step before the server's (the window accepts it), so one device yields three codes within one
 * step: enrollment, and two sign-ins.
 */
final class TotpDevice {

    private final byte[] secret;
    private final String hmac;
    private final int digits;
    private final int period;
    private long lastStep = Long.MIN_VALUE;

    /** A device with the default parameters: SHA1, 6 digits, 30 s. */
    /** A new device with a random seed, imported for the user through the admin API (label "phone"). */
    static TotpDevice importedFor(String realmName, String userId) {
        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        AdminApi api = new AdminApi(realmName);
        AdminApi.Reply imported = api.call("POST", "users/" + userId + "/devices", api.masterAdminToken(),
                "{\"seed\":\"" + Base32.encode(seed).replace("=", "") + "\",\"label\":\"phone\"}");
        assertTrue(imported.status() == 200 || imported.status() == 201, imported::toString);
        return new TotpDevice(seed);
    }

    TotpDevice(byte[] secret) {
        this(secret, "SHA1", 6, 30);
    }

    /** A device with the parameters of an {@code otpauth://} URI: algorithm as the URI names it (SHA1, SHA256, SHA512). */
    TotpDevice(byte[] secret, String algorithm, int digits, int period) {
        this.secret = secret.clone();
        this.hmac = "Hmac" + algorithm;
        this.digits = digits;
        this.period = period;
    }

    /** The device whose QR code the enrollment page shows, with the parameters the QR code carries. */
    static TotpDevice fromEnrollmentPage(Browser.Page enrollment) {
        return fromOtpauthUri(DemoRealm.otpauthUri(enrollment));
    }

    static TotpDevice fromOtpauthUri(String uri) {
        return new TotpDevice(Base32.decode(DemoRealm.queryParam(uri, "secret")), DemoRealm.queryParam(uri, "algorithm"),
                Integer.parseInt(DemoRealm.queryParam(uri, "digits")), Integer.parseInt(DemoRealm.queryParam(uri, "period")));
    }

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
        return Codes.totp(secret, step, digits, hmac);
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
        return Codes.totp(secret, now, digits, hmac);
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
        return Codes.totp(secret, step, digits, hmac);
    }

    /** The claims of the token response's ID token (signature not checked: the token came straight from Keycloak). */
    static JsonNode idToken(JsonNode tokens) {
        String[] parts = tokens.get("id_token").asText().split("\\.");
        try {
            return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
