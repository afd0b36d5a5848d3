package dev.totpguard.login;

import java.util.List;

/** What the sign-in template ({@code totp-guard-login.ftl}) shows, as attribute {@code totpGuard}. */
public final class LoginPage {

    /** One device to choose from. */
    public static final class Device {
        private final String id;
        private final String label;

        Device(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public String getId() {
            return id;
        }

        /** The user's label, or {@code null} for an unnamed device. */
        public String getLabel() {
            return label;
        }
    }

    private final List<Device> devices;
    private final String selectedCredentialId;
    private final int digits;

    LoginPage(List<Device> devices, String selectedCredentialId, int digits) {
        this.devices = List.copyOf(devices);
        this.selectedCredentialId = selectedCredentialId;
        this.digits = digits;
    }

    public List<Device> getDevices() {
        return devices;
    }

    public String getSelectedCredentialId() {
        return selectedCredentialId;
    }

    /** Digits of the selected device, for the input's hint. */
    public int getDigits() {
        return digits;
    }
}
