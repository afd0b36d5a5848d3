package dev.totpguard.admin;

import dev.totpguard.credential.TotpGuardCredentialModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeviceStateTest {

    private static final long NOW = 1_800_000_000_000L;

    private static TotpGuardCredentialModel.Data data(int failures, long waitUntil) {
        return new TotpGuardCredentialModel.Data("SHA1", 6, 30, 100L, 0, failures, waitUntil, 0L);
    }

    @Test
    void deviceWithoutFailuresIsActive() {
        assertEquals(DeviceState.ACTIVE, DeviceState.of(data(0, 0L), true, NOW, 100));
    }

    @Test
    void deviceBlockedUntilALaterTimeIsWaiting() {
        assertEquals(DeviceState.WAITING, DeviceState.of(data(5, NOW + 1), true, NOW, 100));
    }

    @Test
    void deviceWhoseWaitHasPassedIsActiveAgain() {
        assertEquals(DeviceState.ACTIVE, DeviceState.of(data(5, NOW), true, NOW, 100));
        assertEquals(DeviceState.ACTIVE, DeviceState.of(data(5, NOW - 1), true, NOW, 100));
    }

    @Test
    void deviceAtTheLockoutThresholdIsLockedEvenWhileWaiting() {
        assertEquals(DeviceState.LOCKED, DeviceState.of(data(10, 0L), true, NOW, 10));
        assertEquals(DeviceState.LOCKED, DeviceState.of(data(10, NOW + 60_000), true, NOW, 10));
        assertEquals(DeviceState.WAITING, DeviceState.of(data(9, NOW + 60_000), true, NOW, 10));
    }

    @Test
    void unreadableDataHasItsOwnState() {
        assertEquals(DeviceState.UNREADABLE, DeviceState.of(null, true, NOW, 100));
        assertEquals(DeviceState.UNSEALED, DeviceState.of(data(0, 0L), false, NOW, 100), "a plaintext seed is refused");
    }

    @Test
    void statesAreLowerCaseInJson() {
        assertEquals("waiting", DeviceState.WAITING.json());
    }
}
