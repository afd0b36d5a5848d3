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
     * device removed meanwhile is not in the list.
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
     * Claims {@code step} for the device in the cluster-wide single-use store: true once, for a step later than every
     * step claimed before.
     *
     * @param reach how many steps around the claimed one a code may still be accepted from (window plus drift)
     */
    boolean claim(TotpGuardCredentialModel device, long step, int reach);

    /** Stores the device's new public data. */
    void store(TotpGuardCredentialModel device);
}
