package dev.totpguard.credential;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.totpguard.otp.Totp;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The one way a device is added — enrollment, seed import, migration from Keycloak's built-in OTP — in one order, under
 * one set of rules ({@link DeviceRules}):
 * <ol>
 *   <li>parameters and seed ({@link Rules#STANDARD}: {@link DeviceRules#checkParameters}); the label's form;</li>
 *   <li>the user's row and devices locked ({@link Devices#lockForNewDevice}): parallel requests that could each add a
 *       device, on any node, run one after the other, and everything below is decided on what the database holds;</li>
 *   <li>the realm's device limit, then the label against the user's other devices;</li>
 *   <li>the caller's seed check on the locked devices (import: the user holds no device with this seed; enrollment: the
 *       page's seed is claimed once, cluster-wide), last, so that a refusal above leaves the seed usable;</li>
 *   <li>stored: the seed sealed, the state row written ({@link Devices#create}).</li>
 * </ol>
 * Migration runs the same path under {@link Rules#LEGACY_MIGRATION}, a relaxation by name, not a second rule set.
 */
public final class NewDevices {

    /** Which rules a new device meets. */
    public enum Rules {
        /** Enrollment and import: {@link DeviceRules} in full, the realm's device limit, a label the user does not use. */
        STANDARD,
        /**
         * Moving Keycloak's built-in OTP credentials, so that the phones keep working: the parameters the built-in
         * check accepted (periods of 1 to 300 s, seeds of any length: weak ones are reported, not refused;
         * {@link DeviceRules#checkLegacyParameters}), no device limit (every credential of the user moves), and the
         * label as Keycloak stored it, with " (2)", " (3)", … added where the user already uses it.
         */
        LEGACY_MIGRATION
    }

    /** Why a device was not added. */
    public enum Refusal {
        /** the user has the realm's maximum of devices */
        DEVICE_LIMIT,
        /** the label breaks a rule: {@link Result#labelProblem} says which */
        LABEL,
        /** the caller's seed check refused: the seed is held or claimed already */
        SEED
    }

    /**
     * @param device       the stored device, {@code null} when refused
     * @param refusal      why not, {@code null} when added
     * @param labelProblem for {@link Refusal#LABEL}
     * @param devices      how many devices the user had before (under the lock; 0 when refused before it)
     */
    public record Result(CredentialModel device, Refusal refusal, DeviceRules.LabelProblem labelProblem, int devices) {
        public boolean added() {
            return device != null;
        }
    }

    /**
     * A device to add.
     *
     * @param label         normalised ({@link DeviceRules#normaliseLabel}); {@code null} or empty for none
     * @param createdMillis when the device was created (a migrated credential keeps its date)
     * @param lastStep      the step that counts as used already (the confirmation code's, or later)
     * @param maxDevices    the realm's device limit ({@link Rules#STANDARD})
     * @param labelRequired the realm's "Device name required" ({@link Rules#STANDARD})
     */
    public record Request(Totp totp, byte[] seed, String label, long createdMillis, long lastStep, int maxDevices,
                          boolean labelRequired) {
        @Override
        public String toString() {
            return "NewDevices.Request[" + totp + "]"; // never the seed
        }
    }

    private final Devices devices;

    NewDevices(Devices devices) {
        this.devices = devices;
    }

    /**
     * Adds the device, or says why not.
     *
     * @param seedFree the caller's seed check, run on the user's locked devices just before storing
     * @throws IllegalArgumentException for parameters or a seed the rules refuse (naming the rule, never the seed)
     */
    public Result add(RealmModel realm, UserModel user, Request request, Rules rules,
                      Predicate<List<TotpGuardCredentialModel>> seedFree) {
        if (rules == Rules.STANDARD) {
            DeviceRules.checkParameters(request.totp(), request.seed());
        } else {
            DeviceRules.checkLegacyParameters(request.totp(), request.seed());
        }
        String label = request.label() == null || request.label().isEmpty() ? null : request.label();
        if (rules == Rules.STANDARD) {
            Optional<DeviceRules.LabelProblem> form = DeviceRules.checkLabelForm(label);
            if (form.isPresent()) {
                return new Result(null, Refusal.LABEL, form.get(), 0);
            }
        }
        List<TotpGuardCredentialModel> current = devices.lockForNewDevice(user);
        List<String> labels = current.stream().map(CredentialModel::getUserLabel).toList();
        if (rules == Rules.STANDARD) {
            if (current.size() >= request.maxDevices()) {
                return new Result(null, Refusal.DEVICE_LIMIT, null, current.size());
            }
            Optional<DeviceRules.LabelProblem> problem = DeviceRules.checkLabel(label, labels, request.labelRequired());
            if (problem.isPresent()) {
                return new Result(null, Refusal.LABEL, problem.get(), current.size());
            }
        } else {
            label = DeviceRules.freeLabel(label, labels);
        }
        if (!seedFree.test(current)) {
            return new Result(null, Refusal.SEED, null, current.size());
        }
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(request.totp(), label, request.createdMillis(),
                request.lastStep());
        return new Result(devices.create(realm, user, device, request.seed()), null, null, current.size());
    }
}
