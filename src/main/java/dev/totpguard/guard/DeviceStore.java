package dev.totpguard.guard;

import java.util.List;

/**
 * What {@link CodeCheck} needs from storage, for one user: Keycloak's database in production
 * ({@code credential.KeycloakDeviceStore}), a map in unit tests.
 */
public interface DeviceStore {

    /**
     * The user's devices as Keycloak's credential store has them, which may come from its cache: their parameters and
     * sealed seeds, which never change for a device id, in the user's order of preference. Their moving state is not
     * read from here: nothing is decided from it but which seed and parameters to check a code with.
     */
    List<Device> known();

    /**
     * An accepted code in one statement: the device takes {@code step} only if the step is later than its last
     * accepted one, the user counts no failure (so is neither waiting nor locked), and its stored drift lies in
     * {@code driftFrom … driftTo}; atomic across nodes.
     *
     * @return false when any of these does not hold, or the device is gone: the caller then decides under
     * {@link #lockAll}
     */
    boolean claimStep(Device device, long step, int newDrift, int driftFrom, int driftTo, long nowMillis);

    /**
     * All the user's devices with their state, read fresh from storage and locked until the end of the transaction (in
     * a fixed order, so two attempts never wait for each other crosswise), in the user's order of preference (first =
     * default device). A device removed meanwhile is not in the list. Everything the check decides from a device here
     * (last step, counters) is read under the lock, never from a cache.
     */
    List<Device> lockAll();

    /**
     * The device's seed, decrypted for this check only.
     *
     * @throws SeedUnavailableException when it cannot be decrypted (keys missing, wrong, altered)
     * @throws UnsealedSeedException    when it is not sealed by our keys at all
     */
    byte[] seed(Device device);

    /**
     * Claims {@code step} for the device in the cluster-wide single-use store: true once per step (again true for a step
     * this same attempt claimed already). What it adds to the database's last step is that a step once claimed stays
     * used even if the attempt's transaction never commits.
     *
     * @param reach how many steps around the claimed one a code may still be accepted from (window plus drift): how
     *              long the claim must be remembered
     */
    boolean claim(Device device, long step, int reach);

    /**
     * Stores an accepted code decided under {@link #lockAll}: the device's last step, drift and use; the user's count
     * and wait cleared on every device when {@code counting}.
     */
    void accepted(Device device, long step, int drift, long nowMillis, boolean counting);

    /** Stores the user's new failure count and wait, on every device (under {@link #lockAll}). */
    void throttled(int failures, long waitUntil);
}
