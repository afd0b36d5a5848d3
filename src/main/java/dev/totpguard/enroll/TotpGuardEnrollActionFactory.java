package dev.totpguard.enroll;

import java.util.ArrayList;
import java.util.List;

import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.recovery.RecoveryCodesAfterEnrollment;
import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/** Registers the {@value #PROVIDER_ID} required action. */
public final class TotpGuardEnrollActionFactory implements RequiredActionFactory, NoLifecycle<RequiredActionProvider> {

    public static final String PROVIDER_ID = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
    /** The name the Admin Console shows under Authentication, Required actions. */
    public static final String DISPLAY_TEXT = RequiredActions.ENROLL_DISPLAY_TEXT;

    private static final TotpGuardEnrollAction SINGLETON = new TotpGuardEnrollAction();

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(EnrollConfig.ALGORITHM).label("Algorithm")
            .helpText("HMAC algorithm of new devices. SHA1 (default) works with every authenticator app; Google "
                    + "Authenticator ignores SHA256 and SHA512. Enrolled devices keep their own algorithm.")
            .type(ProviderConfigProperty.LIST_TYPE).options(EnrollConfig.ALGORITHMS)
            .defaultValue(EnrollConfig.DEFAULT.algorithm().uriName()).add()
            .property().name(EnrollConfig.DIGITS).label("Digits")
            .helpText("Code length of new devices: 6 (default, every app), 7 or 8. Enrolled devices keep their own length.")
            .type(ProviderConfigProperty.LIST_TYPE).options("6", "7", "8")
            .defaultValue(String.valueOf(EnrollConfig.DEFAULT.digits())).add()
            .property().name(EnrollConfig.PERIOD).label("Period (seconds)")
            .helpText("How long each code of a new device lasts, " + EnrollConfig.MIN_PERIOD + " to " + EnrollConfig.MAX_PERIOD
                    + " seconds. 30 (default) works with every app. Enrolled devices keep their own period.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(EnrollConfig.DEFAULT.period())).add()
            .property().name(EnrollConfig.ISSUER).label("Issuer")
            .helpText("Name the authenticator app shows above the account, at most " + EnrollConfig.MAX_ISSUER_LENGTH
                    + " characters. Empty (default): the realm's display name, or its name.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(EnrollConfig.LABEL_REQUIRED).label("Device name required")
            .helpText("On: users must name every device they set up. Off (default): the first device may stay unnamed; "
                    + "a second one always needs a name, so that users can tell their devices apart.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(EnrollConfig.DEFAULT.labelRequired())).add()
            .property().name(EnrollConfig.MAX_DEVICES).label("Maximum devices per user")
            .helpText("How many TOTP devices one user may have, 1 to " + EnrollConfig.MAX_MAX_DEVICES + " (default "
                    + EnrollConfig.DEFAULT.maxDevices() + "). A user at the limit is told to remove a device first; "
                    + "existing devices above a lowered limit keep working.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(EnrollConfig.DEFAULT.maxDevices())).add()
            .property().name(EnrollConfig.RECOVERY_CODES).label("Recovery codes after enrollment")
            .helpText("What a user without recovery codes (or who just signed in with one) gets after setting up a "
                    + "device, through Keycloak's 'Recovery Authentication Codes' required action (enable it under "
                    + "Required actions): off; offer (default): a checkbox, ticked, on the enrollment page; require.")
            .type(ProviderConfigProperty.LIST_TYPE).options(RecoveryCodesAfterEnrollment.VALUES)
            .defaultValue(EnrollConfig.DEFAULT.recoveryCodes().value()).add()
            .property().name(EnrollConfig.GRACE_SKIPS).label("Postpone: times")
            .helpText("Roll-out grace period: a user whom a flow sends to set up a first device (for example TOTP made "
                    + "required for a role) may choose 'Later' this many times, 0 to " + EnrollConfig.MAX_GRACE_SKIPS
                    + " (default 0: never, unless a date is set); that sign-in continues at level 1 without a code. "
                    + "Never when the sign-in asks for a higher level (step-up, a client's minimum ACR).")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("0").add()
            .property().name(EnrollConfig.GRACE_UNTIL).label("Postpone: until")
            .helpText("Roll-out grace period: 'Later' is offered up to and including this day (UTC, e.g. 2027-03-31); "
                    + "empty: no date. With both settings, whichever ends first ends the grace period.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return DISPLAY_TEXT;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> all = new ArrayList<>(MAX_AUTH_AGE_CONFIG_PROPERTIES);
        all.addAll(CONFIG);
        return all;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        try {
            EnrollConfig.from(model.getConfig());
        } catch (EnrollConfig.InvalidConfigException e) {
            // the Admin Console shows the message; the REST API answers 400 with the setting as "field"
            throw new ValidationException(new ValidationError(PROVIDER_ID, e.key(), e.getMessage()));
        }
    }

    /** Registers the action in every realm, existing and new ({@link EnrollActionRegistration}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        EnrollActionRegistration.listen(factory);
    }

    /** The realm's maximum devices per user, as enrollment applies it (seed import holds to it too). */
    public static int maxDevices(RealmModel realm) {
        return EnrollConfig.of(realm).maxDevices();
    }

    /** Whether the realm asks for a name on every device, as enrollment applies it (seed import too). */
    public static boolean labelRequired(RealmModel realm) {
        return EnrollConfig.of(realm).labelRequired();
    }
}
