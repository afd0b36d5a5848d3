package dev.totpguard.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * One enrolled TOTP device of a user: credential type {@value #TYPE}.
 *
 * <p>{@code credentialData} holds the public parameters, stored per device so that a later policy change never breaks
 * an enrolled phone, plus the last step the device accepted (replay protection). {@code secretData} holds the seed
 * and nothing else.
 */
public final class TotpGuardCredentialModel extends CredentialModel {

    public static final String TYPE = "totp-guard";

    /**
     * Public, non-secret per-device data.
     *
     * @param algorithm    HMAC algorithm (SHA1, SHA256, SHA512)
     * @param digits       code length
     * @param period       step length in seconds
     * @param lastStep     the last step a code was accepted from (the enrollment code's step for a new device)
     * @param drift        learned clock drift of the device, in steps (RFC 6238 §6)
     * @param failures     consecutive failed attempts since the last success or unlock
     * @param blockedUntil epoch millis before which the device refuses attempts (0: not blocked)
     * @param lastUsed     epoch millis of the last accepted code (0: never)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String algorithm, int digits, int period, long lastStep, int drift, int failures,
                       long blockedUntil, long lastUsed) {

        /** After an accepted code. */
        public Data accepted(long step, int newDrift, long nowMillis) {
            return new Data(algorithm, digits, period, step, newDrift, 0, 0L, nowMillis);
        }

        /** After a failed attempt. */
        public Data failed(long newBlockedUntil) {
            return new Data(algorithm, digits, period, lastStep, drift, failures + 1, newBlockedUntil, lastUsed);
        }

        /** After an admin unlock. */
        public Data unlocked() {
            return new Data(algorithm, digits, period, lastStep, drift, 0, 0L, lastUsed);
        }
    }

    /** The secret part: the seed, Base32-encoded. Never logged, never returned by an API. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Secret(String seed) {
        @Override
        public String toString() {
            return "Secret[redacted]";
        }
    }

    private final Data data;
    private final byte[] seed;

    private TotpGuardCredentialModel(Data data, byte[] seed) {
        this.data = data;
        this.seed = seed.clone();
        setType(TYPE);
    }

    /** A new device, not yet stored. {@code lastStep} is the step of the enrollment code, which counts as used. */
    public static TotpGuardCredentialModel create(Totp totp, byte[] seed, String label, long createdMillis, long lastStep) {
        TotpGuardCredentialModel model = new TotpGuardCredentialModel(
                new Data(totp.algorithm().uriName(), totp.digits(), totp.periodSeconds(), lastStep, 0, 0, 0L, 0L), seed);
        model.setUserLabel(label);
        model.setCreatedDate(createdMillis);
        model.setCredentialData(write(model.data));
        model.setSecretData(write(new Secret(Base32.encode(seed))));
        return model;
    }

    /** Reads a stored credential of type {@value #TYPE}. */
    public static TotpGuardCredentialModel fromModel(CredentialModel stored) {
        if (!TYPE.equals(stored.getType())) {
            throw new IllegalArgumentException("not a " + TYPE + " credential: " + stored.getType());
        }
        Data data = read(stored.getCredentialData(), Data.class);
        Secret secret = read(stored.getSecretData(), Secret.class);
        TotpGuardCredentialModel model = new TotpGuardCredentialModel(data, Base32.decode(secret.seed()));
        model.setId(stored.getId());
        model.setUserLabel(stored.getUserLabel());
        model.setCreatedDate(stored.getCreatedDate());
        model.setCredentialData(stored.getCredentialData());
        model.setSecretData(stored.getSecretData());
        return model;
    }

    public Data data() {
        return data;
    }

    public Totp totp() {
        return new Totp(HmacAlgorithm.fromName(data.algorithm()), data.digits(), data.period(), 0L);
    }

    /** A copy of the seed. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The last step a code was accepted from (the enrollment code's step for a new device). */
    public long lastStep() {
        return data.lastStep();
    }

    /** This device with new public data (the caller stores it). */
    public TotpGuardCredentialModel with(Data newData) {
        TotpGuardCredentialModel copy = new TotpGuardCredentialModel(newData, seed);
        copy.setId(getId());
        copy.setUserLabel(getUserLabel());
        copy.setCreatedDate(getCreatedDate());
        copy.setCredentialData(write(copy.data));
        copy.setSecretData(getSecretData());
        return copy;
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            // neither the message nor a chained cause may carry the stored content: the secret part is the seed
            throw new IllegalStateException("unreadable " + TYPE + " credential " + type.getSimpleName().toLowerCase(Locale.ROOT));
        }
    }
}
