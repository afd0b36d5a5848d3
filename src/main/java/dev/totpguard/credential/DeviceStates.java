package dev.totpguard.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Devices joined with their state rows, and the move of a device of an older version into a state row of its own. The
 * statements, and the rules they keep, are {@link DeviceRows}'.
 */
final class DeviceStates {

    private static final Logger LOG = Logger.getLogger(DeviceStates.class);

    private final DeviceRows rows;

    DeviceStates(DeviceRows rows) {
        this.rows = rows;
    }

    /**
     * {@code devices} with the state of their rows. With {@code lock}, the rows are locked, and a device without a row
     * (data of a version before {@value TotpGuardCredentialModel#FORMAT}) gets one: its state moves out of its
     * credential data, with the user's failure count and wait as the highest of all the user's devices. The caller
     * holds the devices' credential rows locked ({@link Devices#lockForAttempt}, {@link Devices#lockAll}), so two requests never create the same row. Without {@code lock}, such
     * a device shows the state of its credential data.
     */
    List<TotpGuardCredentialModel> merge(String userId, List<TotpGuardCredentialModel> devices, boolean lock) {
        Map<String, TotpGuardCredentialModel.Data> states = lock ? rows.lockStates(userId) : rows.currentStates(userId);
        List<TotpGuardCredentialModel> merged = new ArrayList<>(devices.size());
        List<TotpGuardCredentialModel> moving = new ArrayList<>();
        for (TotpGuardCredentialModel device : devices) {
            TotpGuardCredentialModel.Data row = states.get(device.getId());
            if (row != null) {
                merged.add(device.withState(device.data().withState(row.lastStep(), row.drift(), row.failures(),
                        row.waitUntil(), row.lastUsed())));
            } else {
                merged.add(device);
                moving.add(device);
            }
        }
        if (!lock || moving.isEmpty()) {
            return merged;
        }
        int failures = merged.stream().mapToInt(d -> d.data().failures()).max().orElse(0);
        long waitUntil = merged.stream().mapToLong(d -> d.data().waitUntil()).max().orElse(0L);
        List<TotpGuardCredentialModel> result = new ArrayList<>(merged.size());
        for (TotpGuardCredentialModel device : merged) {
            if (moving.contains(device)) {
                TotpGuardCredentialModel.Data data = device.data();
                TotpGuardCredentialModel.Data state = data.withState(data.lastStep(), data.drift(), failures,
                        waitUntil, data.lastUsed());
                rows.insertState(device.getId(), userId, state);
                LOG.debugf("totp-guard: device %s of user %s: state moved into its own row", device.getId(), userId);
                result.add(device.withState(state));
            } else {
                result.add(device);
            }
        }
        return result;
    }
}
