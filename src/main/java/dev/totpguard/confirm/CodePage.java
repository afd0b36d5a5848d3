package dev.totpguard.confirm;

import java.util.List;
import java.util.Optional;

import dev.totpguard.credential.DeviceView;
import dev.totpguard.credential.TotpGuardCredentialModel;

/**
 * What the code prompt ({@code totp-guard-login.ftl}) shows, as attribute {@code totpGuard}: at sign-in, and when a
 * change of the second factor asks for a code of an existing device first.
 */
public final class CodePage {

    /** The template of the code prompt. */
    public static final String TEMPLATE = "totp-guard-login.ftl";
    /** Form field of the code. */
    public static final String FIELD_CODE = "otp";
    /** Form field of the chosen device, when the user has several. */
    public static final String FIELD_DEVICE = "selectedCredentialId";

    private final List<DeviceView> devices;
    private final String selectedCredentialId;
    private final int digits;

    private CodePage(List<DeviceView> devices, String selectedCredentialId, int digits) {
        this.devices = List.copyOf(devices);
        this.selectedCredentialId = selectedCredentialId;
        this.digits = digits;
    }

    /** The prompt for {@code devices}, with {@code credentialId} chosen if it is one of them, else the first. */
    public static CodePage of(List<TotpGuardCredentialModel> devices, String credentialId) {
        Optional<TotpGuardCredentialModel> selected = devices.stream()
                .filter(d -> d.getId().equals(credentialId)).findFirst()
                .or(() -> devices.stream().findFirst());
        return new CodePage(DeviceView.listOf(devices),
                selected.map(TotpGuardCredentialModel::getId).orElse(""),
                selected.map(d -> d.data().digits()).orElse(6));
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
