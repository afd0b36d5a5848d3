package dev.totpguard.guard;

import java.util.List;

import dev.totpguard.credential.TotpGuardCredentialModel;

/**
 * What {@link CodeCheck} needs from storage, for one user: Keycloak's database in production
 * ({@link KeycloakDeviceStore}), a map in unit tests.
 */
public interface DeviceStore {

    /**
     * All the user's devices, read fresh from storage and locked until the end of the transaction (in a fixed order, so
     * two attempts never wait for each other crosswise), in the user's order of preference (first = default device). A
     * device removed meanwhile is not in the list. Everything the check decides from a device (last step, counters) is
     * read here, under the lock, never from a cache.
     */
    List<TotpGuardCredentialModel> lockAll();

    /**
     * The device's seed, decrypted for this check only.
     *
     * @throws dev.totpguard.credential.SeedUnavailableException when it cannot be decrypted (keys missing, wrong, altered)
     * @throws dev.totpguard.credential.UnsealedSeedException    when it is not sealed by our keys at all
     */
    byte[] seed(TotpGuardCredentialModel device);

    /**
     * Claims {@code step} for the device in the cluster-wide single-use store: true once per step. Called under the row
     * locks of {@link #lockAll} and only for a step later than the device's persisted last step, which is what makes
     * steps monotonic; the claim keeps a step used even if the attempt's transaction never commits.
     *
     * @param reach how many steps around the claimed one a code may still be accepted from (window plus drift): how
     *              long the claim must be remembered
     */
    boolean claim(TotpGuardCredentialModel device, long step, int reach);

    /** Stores the device's new public data. */
    void store(TotpGuardCredentialModel device);
}
