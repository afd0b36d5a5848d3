package dev.totpguard.guard;

import java.util.Objects;

import dev.totpguard.otp.Totp;

/**
 * One enrolled device as the check sees it: its parameters and its moving state, no seed (the store opens that for
 * one check only, {@link DeviceStore#seed}) and nothing of Keycloak's. Storage maps its own rows to this
 * ({@code credential.TotpGuardCredentialModel.device()}).
 *
 * @param id           the device id (Keycloak's credential id)
 * @param label        the label as events show it, {@code null} for none
 * @param totp         algorithm, digits and period, fixed at enrollment
 * @param lastStep     the last step a code was accepted from (the enrollment code's step for a new device)
 * @param drift        the device's learned clock drift, in steps (RFC 6238 §6)
 * @param failures     the user's consecutive failures (on any device) since the last success or unlock
 * @param waitUntil    epoch millis before which the user's devices refuse attempts (0: not waiting)
 * @param lastUsed     epoch millis of the last accepted code (0: never)
 */
public record Device(String id, String label, Totp totp, long lastStep, int drift, int failures, long waitUntil,
                     long lastUsed) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(totp, "totp");
    }

    /** A device with no moving state yet: what the credential store knows of it. */
    public static Device known(String id, String label, Totp totp) {
        return new Device(id, label, totp, 0L, 0, 0, 0L, 0L);
    }

    /** Whether the user counts failures or waits. */
    public boolean counting() {
        return failures != 0 || waitUntil != 0L;
    }

    /** After an accepted code. */
    public Device accepted(long step, int newDrift, long nowMillis) {
        return new Device(id, label, totp, step, newDrift, 0, 0L, nowMillis);
    }

    /** After a failed attempt on any of the user's devices: the user's failures and wait (shared by all devices). */
    public Device throttled(int userFailures, long userWaitUntil) {
        return new Device(id, label, totp, lastStep, drift, userFailures, userWaitUntil, lastUsed);
    }

    /** This device with another learned drift (tests, migration). */
    public Device withDrift(int newDrift) {
        return new Device(id, label, totp, lastStep, newDrift, failures, waitUntil, lastUsed);
    }
}
