package dev.totpguard.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.totpguard.guard.Device;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * One enrolled TOTP device of a user: credential type {@value #TYPE}.
 *
 * <p>{@code credentialData} holds the public parameters, stored per device so that a later policy change never breaks
 * an enrolled phone, and the format version {@value #FORMAT}: {@code {"v":2,"algorithm":…,"digits":…,"period":…}}. The
 * device's moving state (last step, drift, failures, wait, last use) lives in its own row ({@link DeviceRows}); data
 * written before version 2 (no {@code v}) also carries that state, which {@link Devices} moves into the row on the
 * device's first use. {@code secretData} holds only the seed, encrypted (see {@link SeedVault}); this class never
 * decrypts it.
 */
public final class TotpGuardCredentialModel extends CredentialModel {

    public static final String TYPE = "totp-guard";
    /** The version of {@code credentialData} this release writes: parameters only, the state in its own row. */
    public static final int FORMAT = 2;

    /**
     * Public, non-secret per-device data.
     *
     * @param algorithm    HMAC algorithm (SHA1, SHA256, SHA512)
     * @param digits       code length
     * @param period       step length in seconds
     * @param lastStep     the last step a code was accepted from (the enrollment code's step for a new device)
     * @param drift        learned clock drift of the device, in steps (RFC 6238 §6)
     * @param failures     the user's consecutive failed attempts (on any device) since the last success or unlock;
     *                     every device of the user carries the same count
     * @param waitUntil    epoch millis before which the user's devices refuse attempts (0: not waiting); stored
     *                     under its name before 0.2.0, {@code waitUntil}, which versions 0.1 and 0.2 both read
     * @param lastUsed     epoch millis of the last accepted code (0: never)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String algorithm, int digits, int period, long lastStep, int drift, int failures,
                       @JsonProperty("blockedUntil") long waitUntil, long lastUsed) {

        /** After an accepted code. */
        public Data accepted(long step, int newDrift, long nowMillis) {
            return new Data(algorithm, digits, period, step, newDrift, 0, 0L, nowMillis);
        }

        /** After a failed attempt on any of the user's devices: the user's failures and wait (shared by all devices). */
        public Data throttled(int userFailures, long userWaitUntil) {
            return new Data(algorithm, digits, period, lastStep, drift, userFailures, userWaitUntil, lastUsed);
        }

        /** After an admin unlock. */
        public Data unlocked() {
            return new Data(algorithm, digits, period, lastStep, drift, 0, 0L, lastUsed);
        }

        /** These parameters with the moving state of the device's row. */
        public Data withState(long rowLastStep, int rowDrift, int rowFailures, long rowWaitUntil, long rowLastUsed) {
            return new Data(algorithm, digits, period, rowLastStep, rowDrift, rowFailures, rowWaitUntil, rowLastUsed);
        }

        /** Whether the user counts failures or waits. */
        public boolean counting() {
            return failures != 0 || waitUntil != 0L;
        }
    }

    /** What {@code credentialData} holds from version {@value #FORMAT} on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(int v, String algorithm, int digits, int period) {
        static Stored of(Data data) {
            return new Stored(FORMAT, data.algorithm(), data.digits(), data.period());
        }
    }

    /** Reads only the format version of {@code credentialData}: 0 for data written before version 2. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Format(int v) {
    }

    /**
     * The stored form of {@code secretData}: version, key id, nonce and AES-GCM ciphertext (Base64). {@code seed} is a
     * plaintext seed (written by version 0.1, or outside totp-guard): such a device is refused at sign-in until an admin
     * seals it explicitly.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredSecret(Integer v, String kid, String iv, String ct, String seed) {
        @Override
        public String toString() {
            return "StoredSecret[kid=" + kid + "]";
        }
    }

    private final Data data;

    private TotpGuardCredentialModel(Data data) {
        this.data = data;
        setType(TYPE);
    }

    /** A new device's public part; the provider adds the id and the encrypted seed when it stores it. */
    public static TotpGuardCredentialModel create(Totp totp, String label, long createdMillis, long lastStep) {
        TotpGuardCredentialModel model = new TotpGuardCredentialModel(
                new Data(totp.algorithm().uriName(), totp.digits(), totp.periodSeconds(), lastStep, 0, 0, 0L, 0L));
        model.setUserLabel(label);
        model.setCreatedDate(createdMillis);
        model.setCredentialData(write(Stored.of(model.data)));
        return model;
    }

    /** Reads a stored credential of type {@value #TYPE} (public part; the seed stays encrypted). */
    public static TotpGuardCredentialModel fromModel(CredentialModel stored) {
        if (!TYPE.equals(stored.getType())) {
            throw new IllegalArgumentException("not a " + TYPE + " credential: " + stored.getType());
        }
        TotpGuardCredentialModel model = new TotpGuardCredentialModel(read(stored.getCredentialData(), Data.class));
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

    /** The public data of a stored {@code credentialData}, or {@code null} when it cannot be read (for reports). */
    public static Data readData(String credentialData) {
        if (credentialData == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(credentialData, Data.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Totp totp() {
        return new Totp(HmacAlgorithm.fromName(data.algorithm()), data.digits(), data.period(), 0L);
    }

    /** This device as the check sees it: parameters, state and the label as events show it; no seed. */
    public Device device() {
        return new Device(getId(), DeviceRules.displayLabel(getUserLabel()), totp(), data.lastStep(), data.drift(),
                data.failures(), data.waitUntil(), data.lastUsed());
    }

    /** The last step a code was accepted from (the enrollment code's step for a new device). */
    public long lastStep() {
        return data.lastStep();
    }

    /**
     * Whether this device's moving state is written in its {@code credentialData} (data from before version
     * {@value #FORMAT}) rather than in its own row only.
     */
    public boolean stateInCredentialData() {
        return getCredentialData() != null && read(getCredentialData(), Format.class).v() < FORMAT;
    }

    /** This device with the moving state of its row. */
    public TotpGuardCredentialModel withState(Data state) {
        TotpGuardCredentialModel copy = new TotpGuardCredentialModel(state);
        copy.setId(getId());
        copy.setUserLabel(getUserLabel());
        copy.setCreatedDate(getCreatedDate());
        copy.setCredentialData(getCredentialData());
        copy.setSecretData(getSecretData());
        return copy;
    }

    /** This device with new public data (the caller stores it). */
    public TotpGuardCredentialModel with(Data newData) {
        TotpGuardCredentialModel copy = new TotpGuardCredentialModel(newData);
        copy.setId(getId());
        copy.setUserLabel(getUserLabel());
        copy.setCreatedDate(getCreatedDate());
        copy.setCredentialData(write(Stored.of(copy.data)));
        copy.setSecretData(getSecretData());
        return copy;
    }

    StoredSecret storedSecret() {
        return storedSecret(getSecretData());
    }

    /**
     * Whether the stored seed is sealed by our keys (a key id and a ciphertext), read without decrypting anything. An
     * unreadable or missing secret is not sealed.
     */
    public boolean sealed() {
        return sealed(getSecretData());
    }

    /** {@link #sealed()} for a stored {@code secretData} value. */
    public static boolean sealed(String secretData) {
        try {
            StoredSecret stored = storedSecret(secretData);
            return stored.ct() != null && stored.kid() != null && stored.iv() != null;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static StoredSecret storedSecret(String secretData) {
        return read(secretData, StoredSecret.class);
    }

    static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalStateException("missing " + TYPE + " credential " + type.getSimpleName().toLowerCase(Locale.ROOT));
        }
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            // neither the message nor a chained cause may carry the stored content
            throw new IllegalStateException("unreadable " + TYPE + " credential " + type.getSimpleName().toLowerCase(Locale.ROOT));
        }
    }
}
