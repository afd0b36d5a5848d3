package dev.totpguard.login;

import java.util.List;

import dev.totpguard.credential.DeviceView;

/** What the sign-in template ({@code totp-guard-login.ftl}) shows, as attribute {@code totpGuard}. */
public final class LoginPage {

    private final List<DeviceView> devices;
    private final String selectedCredentialId;
    private final int digits;

    LoginPage(List<DeviceView> devices, String selectedCredentialId, int digits) {
        this.devices = List.copyOf(devices);
        this.selectedCredentialId = selectedCredentialId;
        this.digits = digits;
    }

    public List<DeviceView> getDevices() {
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
