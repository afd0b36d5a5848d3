package dev.totpguard.credential;

/**
 * A new device that would conflict with what the user already has: the realm's device limit reached, a device name
 * already used, or a seed already held by another of the user's devices. The message never contains a seed.
 */
public final class DeviceConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeviceConflictException(String message) {
        super(message);
    }
}
