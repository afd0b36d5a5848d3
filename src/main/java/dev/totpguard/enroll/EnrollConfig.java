package dev.totpguard.enroll;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.credential.DeviceRules;
import dev.totpguard.grace.GracePeriod;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import dev.totpguard.recovery.RecoveryCodesAfterEnrollment;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/**
 * The enrollment required action's configuration, as realm admins set it in the Admin Console. The defaults work with
 * every authenticator app (Google Authenticator among them): SHA1, 6 digits, 30 seconds. The code parameters apply to
 * new devices only; an enrolled device keeps the parameters it was created with.
 *
 * @param algorithm     HMAC algorithm of new devices
 * @param digits        code length of new devices, 6 to 8
 * @param period        step length in seconds of new devices, 15 to 120
 * @param issuer        issuer shown in the authenticator app; blank means the realm's display name
 * @param labelRequired whether every device needs a name (a second device always does, to tell them apart)
 * @param maxDevices    how many devices a user may have, 1 to 20
 * @param recoveryCodes what a user without recovery codes gets after enrollment
 */
record EnrollConfig(HmacAlgorithm algorithm, int digits, int period, String issuer, boolean labelRequired, int maxDevices,
                    RecoveryCodesAfterEnrollment recoveryCodes, int graceSkips, java.time.LocalDate graceUntil) {

    static final String ALGORITHM = "totp-guard.algorithm";
    static final String DIGITS = "totp-guard.digits";
    static final String PERIOD = "totp-guard.period";
    static final String ISSUER = "totp-guard.issuer";
    static final String LABEL_REQUIRED = "totp-guard.label-required";
    static final String MAX_DEVICES = "totp-guard.max-devices";
    static final String RECOVERY_CODES = RecoveryCodesAfterEnrollment.KEY;
    static final String GRACE_SKIPS = "totp-guard.grace-skips";
    static final String GRACE_UNTIL = "totp-guard.grace-until";
    static final int MAX_GRACE_SKIPS = 100;

    static final List<String> ALGORITHMS = List.of("SHA1", "SHA256", "SHA512");
    static final Set<Integer> DIGIT_CHOICES = Set.of(6, 7, 8);
    static final int MIN_PERIOD = DeviceRules.MIN_PERIOD;
    static final int MAX_PERIOD = DeviceRules.MAX_PERIOD;
    static final int MAX_ISSUER_LENGTH = 100;
    static final int MAX_MAX_DEVICES = 20;

    static final EnrollConfig DEFAULT = new EnrollConfig(HmacAlgorithm.SHA1, 6, 30, "", false, 5,
            RecoveryCodesAfterEnrollment.OFFER, 0, null);

    private static final Logger LOG = Logger.getLogger(EnrollConfig.class);

    /**
     * Thrown for a bad value; {@link #key()} names the setting, the message (written for the realm admin, with the
     * setting's label as the Admin Console shows it) never repeats the value.
     */
    static final class InvalidConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidConfigException(String key, String message) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** The realm's config of the enrollment action, as the action applies it (see {@link #orDefaults}). */
    static EnrollConfig of(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(TotpGuardEnrollActionFactory.PROVIDER_ID);
        return orDefaults(realm, model == null ? null : model.getConfig());
    }

    /**
     * The stored config, or the defaults when a value is invalid (it reached the database past validation: a realm
     * import, the generic endpoint), with a warning that names the setting: never a broken page.
     */
    static EnrollConfig orDefaults(RealmModel realm, Map<String, String> config) {
        try {
            return from(config);
        } catch (InvalidConfigException e) {
            LOG.warnf("Ignoring invalid %s config in realm %s (%s); using the defaults",
                    TotpGuardEnrollActionFactory.PROVIDER_ID, realm.getName(), e.getMessage());
            return DEFAULT;
        }
    }

    /** Parses the stored config; missing or blank keys take the defaults. */
    static EnrollConfig from(Map<String, String> config) {
        if (config == null) {
            return DEFAULT;
        }
        String algorithmName = value(config, ALGORITHM, DEFAULT.algorithm.uriName());
        if (!ALGORITHMS.contains(algorithmName)) {
            throw new InvalidConfigException(ALGORITHM, "Algorithm must be one of " + String.join(", ", ALGORITHMS) + ".");
        }
        int digits = integer(config, DIGITS, DEFAULT.digits, "Digits");
        if (!DIGIT_CHOICES.contains(digits)) {
            throw new InvalidConfigException(DIGITS, "Digits must be 6, 7 or 8.");
        }
        int period = integer(config, PERIOD, DEFAULT.period, "Period");
        if (period < MIN_PERIOD || period > MAX_PERIOD) {
            throw new InvalidConfigException(PERIOD,
                    "Period must be from " + MIN_PERIOD + " to " + MAX_PERIOD + " seconds (30 works with every app).");
        }
        String issuer = value(config, ISSUER, "");
        if (issuer.length() > MAX_ISSUER_LENGTH) {
            throw new InvalidConfigException(ISSUER, "Issuer must be at most " + MAX_ISSUER_LENGTH + " characters long.");
        }
        if (issuer.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidConfigException(ISSUER, "Issuer must not contain control characters.");
        }
        String labelRequired = value(config, LABEL_REQUIRED, String.valueOf(DEFAULT.labelRequired));
        if (!labelRequired.equals("true") && !labelRequired.equals("false")) {
            throw new InvalidConfigException(LABEL_REQUIRED, "Device name required must be true or false.");
        }
        int maxDevices = integer(config, MAX_DEVICES, DEFAULT.maxDevices, "Maximum devices per user");
        if (maxDevices < 1 || maxDevices > MAX_MAX_DEVICES) {
            throw new InvalidConfigException(MAX_DEVICES, "Maximum devices per user must be from 1 to " + MAX_MAX_DEVICES + ".");
        }
        String recoveryCodes = value(config, RECOVERY_CODES, DEFAULT.recoveryCodes.value());
        if (!RecoveryCodesAfterEnrollment.VALUES.contains(recoveryCodes)) {
            throw new InvalidConfigException(RECOVERY_CODES, "Recovery codes after enrollment must be one of "
                    + String.join(", ", RecoveryCodesAfterEnrollment.VALUES) + ".");
        }
        int graceSkips = integer(config, GRACE_SKIPS, DEFAULT.graceSkips, "Postpone: times");
        if (graceSkips > MAX_GRACE_SKIPS) {
            throw new InvalidConfigException(GRACE_SKIPS, "Postpone: times must be from 0 to " + MAX_GRACE_SKIPS + ".");
        }
        String until = value(config, GRACE_UNTIL, null);
        java.time.LocalDate graceUntil = null;
        if (until != null) {
            try {
                graceUntil = java.time.LocalDate.parse(until);
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidConfigException(GRACE_UNTIL, "Postpone: until must be a date like 2027-03-31.");
            }
        }
        return new EnrollConfig(HmacAlgorithm.fromName(algorithmName), digits, period, issuer,
                Boolean.parseBoolean(labelRequired), maxDevices,
                RecoveryCodesAfterEnrollment.of(recoveryCodes), graceSkips, graceUntil);
    }

    /** The roll-out's grace period ("Later"). */
    GracePeriod grace() {
        return new GracePeriod(graceSkips, graceUntil);
    }

    Totp totp() {
        return new Totp(algorithm, digits, period, 0L);
    }

    private static String value(Map<String, String> config, String key, String fallback) {
        String v = config.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int integer(Map<String, String> config, String key, int fallback, String label) {
        String v = value(config, key, null);
        if (v == null) {
            return fallback;
        }
        // ASCII digits only: Integer.parseInt would also take signs and other scripts' digits
        if (!v.matches("[0-9]{1,4}")) {
            throw new InvalidConfigException(key, label + " must be a whole number.");
        }
        return Integer.parseInt(v);
    }
}
