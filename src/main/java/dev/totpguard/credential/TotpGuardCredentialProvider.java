package dev.totpguard.credential;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.totpguard.otp.CodeParser;
import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The {@value TotpGuardCredentialModel#TYPE} credential type: stores devices and is the one place that decides whether
 * a code is valid for a device <em>now</em>, which includes replay protection. Keeping the "accept once" rule here means
 * every path into Keycloak's {@code credentialManager().isValid(...)} enforces it too, not only our authenticator.
 *
 * <p>Public (unlike our other providers) because the authenticator, the required action and the admin API call it.
 */
public final class TotpGuardCredentialProvider
        implements CredentialProvider<TotpGuardCredentialModel>, CredentialInputValidator {

    /** Window used when Keycloak asks through {@link #isValid}, i.e. outside our authenticator. */
    public static final int DEFAULT_WINDOW = 1;

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private final KeycloakSession session;

    TotpGuardCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    /** This session's instance. */
    public static TotpGuardCredentialProvider of(KeycloakSession session) {
        return (TotpGuardCredentialProvider) session.getProvider(CredentialProvider.class,
                TotpGuardCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public String getType() {
        return TotpGuardCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        if (device.getCreatedDate() == null) {
            device.setCreatedDate(Time.currentTimeMillis());
        }
        return user.credentialManager().createStoredCredential(device);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public TotpGuardCredentialModel getCredentialFromModel(CredentialModel model) {
        return TotpGuardCredentialModel.fromModel(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("totpGuardDisplayName")
                .helpText("totpGuardHelpText")
                .iconCssClass("kcAuthenticatorOTPClass")
                .createAction(TotpGuardCredentialProviderFactory.ENROLL_ACTION)
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && devices(user).findAny().isPresent();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())) {
            return false;
        }
        return verify(user, input.getCredentialId(), input.getChallengeResponse(), DEFAULT_WINDOW).accepted();
    }

    /** The user's devices, oldest first. */
    public Stream<TotpGuardCredentialModel> devices(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(TotpGuardCredentialModel::fromModel);
    }

    /** One of the user's devices by id; the first device when {@code credentialId} is blank. */
    public Optional<TotpGuardCredentialModel> device(UserModel user, String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            return devices(user).findFirst();
        }
        return devices(user).filter(d -> credentialId.equals(d.getId())).findFirst();
    }

    /**
     * Checks {@code code} against the device and, when it matches a step later than any step the device accepted
     * before, consumes that step: atomically across cluster nodes through Keycloak's single-use store, and durably
     * through the device's last accepted step.
     */
    public Verification verify(UserModel user, String credentialId, String code, int window) {
        Optional<TotpGuardCredentialModel> found = device(user, credentialId);
        if (found.isEmpty()) {
            return new Verification(Verification.Outcome.NO_DEVICE, null, null, 0);
        }
        TotpGuardCredentialModel device = found.get();
        Totp totp = device.totp();
        OptionalInt parsed = CodeParser.parse(code, totp.digits());
        if (parsed.isEmpty()) {
            return Verification.of(Verification.Outcome.MALFORMED, device);
        }
        long currentStep = totp.step(Instant.ofEpochMilli(Time.currentTimeMillis()));
        OptionalLong matched = new TotpVerifier(totp, window).verify(device.seed(), parsed.getAsInt(), currentStep);
        if (matched.isEmpty()) {
            return Verification.of(Verification.Outcome.INVALID, device);
        }
        long step = matched.getAsLong();
        if (step <= device.lastStep() || !consume(device, step, window)) {
            return Verification.of(Verification.Outcome.REPLAYED, device);
        }
        user.credentialManager().updateStoredCredential(device.withLastStep(step));
        return new Verification(Verification.Outcome.ACCEPTED, device.getId(), device.getUserLabel(), step - currentStep);
    }

    /** Marks the step used cluster-wide; false if another request used it first. */
    private boolean consume(TotpGuardCredentialModel device, long step, int window) {
        // long enough to outlive every window that contains this step; after that the persisted last step rejects it
        long lifespanSeconds = (long) device.data().period() * (2L * window + 2);
        return session.singleUseObjects().putIfAbsent(USED_STEP_KEY + device.getId() + ":" + step, lifespanSeconds);
    }
}
