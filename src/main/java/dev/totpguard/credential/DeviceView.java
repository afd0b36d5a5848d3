package dev.totpguard.credential;

/**
 * One device as a page lists it (the sign-in prompt's choice, the devices to remove after a recovery code): its id and
 * label, never anything of its seed. Public with getters because FreeMarker reads it by bean introspection.
 */
public final class DeviceView {

    private final String id;
    private final String label;

    private DeviceView(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public static DeviceView of(TotpGuardCredentialModel device) {
        return new DeviceView(device.getId(), device.getUserLabel());
    }

    public String getId() {
        return id;
    }

    /** The user's label, or {@code null} for an unnamed device. */
    public String getLabel() {
        return label;
    }
}
