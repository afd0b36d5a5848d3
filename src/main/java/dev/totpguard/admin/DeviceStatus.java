package dev.totpguard.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.credential.CredentialModel;

/**
 * One device in the admin API: public parameters and counters, read from the credential's public data only (the secret
 * part is never read here). Times are epoch milliseconds, {@code null} for "never".
 *
 * @param id                  credential id
 * @param label               the user's name for the device, or {@code null}
 * @param created             when it was enrolled
 * @param algorithm           HMAC algorithm: SHA1, SHA256, SHA512
 * @param digits              code length
 * @param period              step length in seconds
 * @param lastStep            the time step of the last accepted code (for a new device: of its enrollment code); that
 *                            step and every earlier one are refused as replays
 * @param lastUsed            when a code was last accepted
 * @param drift               learned clock drift, in steps
 * @param consecutiveFailures failed attempts since the last success or unlock
 * @param waitUntil           until when the device refuses codes after failures ({@code null}: not waiting)
 * @param blockedUntil        the same as {@code waitUntil}: its name before 0.2.0, deprecated, removed in 1.0
 * @param state               {@code active}, {@code waiting}, {@code locked}, {@code unsealed}, {@code unreadable}
 *                            (see {@link DeviceState})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeviceStatus(String id, String label, Long created, String algorithm, Integer digits, Integer period,
                           Long lastStep, Long lastUsed, Integer drift, Integer consecutiveFailures, Long waitUntil,
                           @Deprecated Long blockedUntil, DeviceState state) {

    /**
     * From a stored {@value TotpGuardCredentialModel#TYPE} credential (the secret is only looked at for its key id): with
     * its state when it is a device read with it ({@code Devices.current}).
     */
    public static DeviceStatus of(CredentialModel stored, long nowMillis, int lockoutAfter) {
        TotpGuardCredentialModel.Data data = stored instanceof TotpGuardCredentialModel device ? device.data()
                : data(stored.getCredentialData());
        return of(stored.getId(), stored.getUserLabel(), stored.getCreatedDate(), data,
                TotpGuardCredentialModel.sealed(stored.getSecretData()), nowMillis, lockoutAfter);
    }

    /** {@code data} may be {@code null} (unreadable): the device is then listed with its state only. */
    public static DeviceStatus of(String id, String label, Long created, TotpGuardCredentialModel.Data data,
                                  boolean sealed, long nowMillis, int lockoutAfter) {
        DeviceState state = DeviceState.of(data, sealed, nowMillis, lockoutAfter);
        // as every page shows it: a name set through Keycloak's own endpoints may break our rules
        label = DeviceRules.displayLabel(label);
        if (data == null) {
            return new DeviceStatus(id, label, created, null, null, null, null, null, null, null, null, null, state);
        }
        Long waitUntil = data.waitUntil() > nowMillis ? data.waitUntil() : null; // a wait not over yet
        return new DeviceStatus(id, label, created, data.algorithm(), data.digits(), data.period(),
                data.lastStep(), orNull(data.lastUsed()), data.drift(), data.failures(),
                waitUntil, waitUntil, state);
    }

    /** The public data of a device, or {@code null} when it cannot be read. */
    static TotpGuardCredentialModel.Data data(String credentialData) {
        return TotpGuardCredentialModel.readData(credentialData);
    }

    private static Long orNull(long millis) {
        return millis == 0L ? null : millis;
    }
}
