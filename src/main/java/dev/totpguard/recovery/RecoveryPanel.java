package dev.totpguard.recovery;

import java.util.List;

import dev.totpguard.credential.DeviceView;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The recovery part of the enrollment page, as attribute {@code totpGuardRecovery}: after a sign-in with a recovery
 * code, the user's devices (to remove the lost one) and how many recovery codes are left; and whether the page offers
 * (or announces) a fresh set of recovery codes. Public with getters because FreeMarker reads it by bean introspection.
 */
public final class RecoveryPanel {

    /** At or below this many codes left, the page warns. */
    static final int FEW_CODES_LEFT = 2;

    private final boolean afterRecoveryCode;
    private final int codesLeft;
    private final List<DeviceView> devices;
    private final boolean atDeviceLimit;
    private final boolean offerCodes;
    private final boolean requireCodes;

    RecoveryPanel(boolean afterRecoveryCode, int codesLeft, List<DeviceView> devices, boolean atDeviceLimit,
                  boolean offerCodes, boolean requireCodes) {
        this.afterRecoveryCode = afterRecoveryCode;
        this.codesLeft = codesLeft;
        this.devices = List.copyOf(devices);
        this.atDeviceLimit = atDeviceLimit;
        this.offerCodes = offerCodes;
        this.requireCodes = requireCodes;
    }

    /**
     * The panel of this authentication: the offer of recovery codes, and after a recovery code the user's devices.
     *
     * @param maxDevices how many devices a user may have (the enrollment action's setting)
     * @param codes      what the enrollment action's setting says about recovery codes after enrollment
     */
    public static RecoveryPanel of(RequiredActionContext context, int maxDevices, RecoveryCodesAfterEnrollment codes) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean after = AfterRecoveryCode.in(authSession);
        boolean needs = EnrollRecovery.needsRecoveryCodes(context)
                && RequiredActions.enabledIn(context.getRealm(), RecoveryCodes.ACTION);
        List<TotpGuardCredentialModel> devices = after ? Devices.of(context.getUser()).toList()
                : List.of();
        return new RecoveryPanel(after, after ? RecoveryCodes.left(context.getUser()) : 0,
                DeviceView.listOf(devices),
                after && devices.size() >= maxDevices,
                needs && codes == RecoveryCodesAfterEnrollment.OFFER,
                needs && codes == RecoveryCodesAfterEnrollment.REQUIRE);
    }

    /** The user got here by signing in with a recovery code. */
    public boolean isAfterRecoveryCode() {
        return afterRecoveryCode;
    }

    public int getCodesLeft() {
        return codesLeft;
    }

    /** {@value #FEW_CODES_LEFT} or fewer codes left: the page says to get new ones. */
    public boolean isFewCodesLeft() {
        return codesLeft <= FEW_CODES_LEFT;
    }

    /** The user's devices, each with a remove button (after a recovery code only; empty otherwise). */
    public List<DeviceView> getDevices() {
        return devices;
    }

    /** The user has as many devices as allowed: a new one needs a removal first. */
    public boolean isAtDeviceLimit() {
        return atDeviceLimit;
    }

    /** A checkbox, ticked: "Also create recovery codes". */
    public boolean isOfferCodes() {
        return offerCodes;
    }

    /** The page says recovery codes come next. */
    public boolean isRequireCodes() {
        return requireCodes;
    }
}
