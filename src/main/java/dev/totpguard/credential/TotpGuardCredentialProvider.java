package dev.totpguard.credential;

import java.util.List;

import dev.totpguard.guard.CodeCheck;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.metrics.TotpGuardMetrics;
import jakarta.ws.rs.core.Response;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;

/**
 * The {@value TotpGuardCredentialModel#TYPE} credential type, as Keycloak's credential SPI sees it. Device storage is
 * {@link Devices}, seed encryption {@link SeedVault}; a code is checked only by {@link CodeCheck}, here too: every
 * caller of Keycloak's {@code credentialManager().isValid(...)} gets the same limits, replay rule and sealed seeds as
 * our sign-in prompt.
 */
public final class TotpGuardCredentialProvider
        implements CredentialProvider<TotpGuardCredentialModel>, CredentialInputValidator {

    private final KeycloakSession session;
    private final SeedVault vault;
    private final Devices devices;

    TotpGuardCredentialProvider(KeycloakSession session, SeedKeys keys, String keysProblem) {
        this.session = session;
        this.vault = new SeedVault(session, keys, keysProblem);
        this.devices = new Devices(session, vault);
    }

    /**
     * This session's instance, through Keycloak's own provider lookup ({@code session.getProvider}): Keycloak builds one
     * per session, its factory holds the seed keys. The one way to what needs the session: the devices' storage
     * ({@link #devices}) and the seed vault ({@link #vault}). It is looked up once where a unit of work starts (the
     * admin API's root resource, a check, an export, a migration, an enrollment) and handed down from there; what
     * Keycloak's credential manager answers for a user alone (the devices, whether there is one) needs no session
     * ({@link Devices#of(UserModel)}, {@link Devices#any}).
     */
    public static TotpGuardCredentialProvider of(KeycloakSession session) {
        return (TotpGuardCredentialProvider) session.getProvider(CredentialProvider.class,
                TotpGuardCredentialProviderFactory.PROVIDER_ID);
    }

    public SeedVault vault() {
        return vault;
    }

    public Devices devices() {
        return devices;
    }

    @Override
    public String getType() {
        return TotpGuardCredentialModel.TYPE;
    }

    /**
     * Keycloak's generic way to store a credential (admin REST user representations, partial and realm import). A seed
     * never reaches the database unsealed, and ours are sealed with the device id, which only {@link Devices#create}
     * knows: a device arriving here already sealed (a copy of a stored row) is kept; anything else is refused with a
     * 400 that says how to provision a device instead, and the request's transaction is rolled back, so no user is
     * left half-created.
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        if (device == null || device.getId() == null || !device.sealed()) {
            throw refusedRepresentation(realm, "cannot be created from a credential representation");
        }
        CredentialModel stored = user.credentialManager().createStoredCredential(device);
        aheadOfRecoveryCodes(user, stored.getId());
        return stored;
    }

    /**
     * Devices first: moves a newly stored device ahead of the user's recovery codes in the user's credential order,
     * right before them, so the devices keep their own order (the first one stays the default). Keycloak starts an
     * ALTERNATIVE sub-flow (code prompt or recovery-code form) with the alternative whose credential comes first in
     * that order and offers the others under "Try another way"; without this, a device added after the recovery codes
     * (an import, a new phone, a migration) would send the user to the recovery-code form first. Every way a device is
     * stored ({@link Devices#create}, {@link #createCredential}) calls this.
     */
    static void aheadOfRecoveryCodes(UserModel user, String deviceId) {
        List<CredentialModel> all = user.credentialManager().getStoredCredentialsStream().toList();
        int codes = -1;
        int device = -1;
        for (int i = 0; i < all.size(); i++) {
            if (codes < 0 && RecoveryCodes.TYPE.equals(all.get(i).getType())) {
                codes = i;
            }
            if (deviceId.equals(all.get(i).getId())) {
                device = i;
            }
        }
        if (codes >= 0 && device > codes) {
            user.credentialManager().moveStoredCredentialTo(deviceId, codes == 0 ? null : all.get(codes - 1).getId());
        }
    }

    /** A credential's public data; a representation with unreadable data is refused like {@link #createCredential}. */
    @Override
    public TotpGuardCredentialModel getCredentialFromModel(CredentialModel model) {
        try {
            return TotpGuardCredentialModel.fromModel(model);
        } catch (IllegalStateException e) {
            throw refusedRepresentation(session.getContext().getRealm(), "has unreadable credential data");
        }
    }

    /**
     * A 400 for Keycloak's admin REST, which renders it as {@code {"errorMessage": …}}. The transaction is marked for
     * rollback here, not left to the exception mapper: Keycloak's user creation does not catch this exception, and a
     * web exception that carries its own response may never reach the mapper that would roll back.
     */
    private ErrorResponseException refusedRepresentation(RealmModel realm, String what) {
        if (session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
        String realmName = realm == null ? "{realm}" : realm.getName();
        return new RefusedRepresentation("A " + getType() + " device " + what + ". Create the user without it, then "
                + "import the seed with POST /admin/realms/" + realmName + "/totp-guard/users/{userId}/devices, or let the "
                + "user enroll (required action " + TotpGuardCredentialProviderFactory.ENROLL_ACTION + ").");
    }

    /** Keycloak's 400 ({@code {"errorMessage": …}}), whose message in the server log is the refusal, not "HTTP 500". */
    static final class RefusedRepresentation extends ErrorResponseException {
        private static final long serialVersionUID = 1L;
        private final String message;

        RefusedRepresentation(String message) {
            super(ErrorResponse.error(message, Response.Status.BAD_REQUEST).getResponse());
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
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
                .removeable(AccountRestRemoval.allowed(session))
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && Devices.any(user);
    }

    /**
     * For every caller other than our authenticators: the same check as at sign-in ({@link CodeCheck}), with the
     * strictest settings among the realm's totp-guard executions and no resync (there is no second request). Counts
     * failures, honours waits and lockouts, accepts a step once.
     */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())) {
            return false;
        }
        return AttemptRunner.run(session, realm, user, TotpGuardMetrics.ENTRY_VALIDATE, input.getCredentialId(),
                input.getChallengeResponse(), RealmPolicies.strictest(realm), null).success();
    }
}
