package dev.totpguard.exit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.totpguard.credential.DeviceReports;
import dev.totpguard.credential.Devices;
import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.guard.UnsealedSeedException;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.otp.Totp;
import dev.totpguard.posture.Posture;
import dev.totpguard.posture.Verdict;
import dev.totpguard.remember.RememberedBrowsers;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.Base32;

/**
 * Turns a realm's (or one user's) {@code totp-guard} devices into Keycloak built-in OTP credentials: the mirror of
 * {@link dev.totpguard.migrate.LegacyOtpMigration}. Each device that {@link ExportRules} lets through gets a
 * built-in TOTP credential with the same seed (stored by Keycloak in plaintext, Base32), algorithm, digits, period,
 * label and creation date, and the steps up to its last accepted one are marked as used for the built-in check
 * ({@link ReplayMarks}). Running it again finds the credentials it made (same seed and parameters: nothing is created
 * twice) and marks the steps accepted meanwhile.
 *
 * <p>Our device is kept unless {@code removeTotpGuard}: while a flow still runs a totp-guard step, a user without a
 * device would be sent to enrollment (or told to contact the administrator), so removing is refused
 * ({@link WaysStillCheckingException}) until no way in runs one, unless forced. Devices that were not exported are
 * never removed.
 */
public final class BuiltInOtpExport {

    private static final Logger LOG = Logger.getLogger(BuiltInOtpExport.class);

    /** What every export report says about the exported seeds. */
    static final String PLAINTEXT_WARNING = "Keycloak's built-in OTP stores the seed of every exported device in "
            + "plaintext in its database (and from now on in its backups and write-ahead log)";
    static final String REUSABLE_WARNING = "the realm's OTP policy has 'Reusable token' on: the built-in check accepts a "
            + "code more than once, so no step was marked as used";

    /**
     * @param dryRun          only report
     * @param removeTotpGuard remove each exported device (and, for users left without one, their remembered browsers)
     * @param force           remove even while ways in still run a totp-guard step
     */
    public record Request(boolean dryRun, boolean removeTotpGuard, boolean force) {
    }

    /**
     * A device exported (or, in a dry run, to be exported).
     *
     * @param deviceId         our device
     * @param otpCredentialId  the built-in credential ({@code null} in a dry run when it does not exist yet)
     * @param alreadyExported  the built-in credential existed already (an earlier export)
     * @param stepsMarkedUsed  how many steps were (dry run: would be) marked as used for the built-in check
     * @param removed          our device was (dry run: would be) removed
     */
    public record Device(String userId, String deviceId, String userLabel, String otpCredentialId,
                         boolean alreadyExported, int stepsMarkedUsed, boolean removed) {

        /** {@link #deviceId}'s name in JSON before 0.2.0 (here a report names a built-in credential too). */
        @Deprecated
        @JsonProperty("credentialId")
        public String credentialId() {
            return deviceId;
        }
    }

    /** A device left as it is, and why. */
    public record Skipped(String userId, String deviceId, String reason) {

        /** {@link #deviceId}'s name in JSON before 0.2.0. */
        @Deprecated
        @JsonProperty("credentialId")
        public String credentialId() {
            return deviceId;
        }
    }

    /**
     * Counts, each device, what was skipped and why, the ways in that still run a totp-guard step, and warnings.
     *
     * @param found           devices looked at
     * @param exported        built-in credentials created (dry run: to be created)
     * @param alreadyExported devices whose built-in credential existed already
     * @param removed         our devices removed (dry run: to be removed)
     */
    public record Report(boolean dryRun, boolean removeTotpGuard, int users, int found, int exported,
                         int alreadyExported, int removed, List<Device> devices, List<Skipped> skipped,
                         List<Posture.Way> waysStillChecking, List<String> warnings) {
    }

    /** Removal refused: users would lose their device where a flow still asks for it. Nothing was changed. */
    public static final class WaysStillCheckingException extends RuntimeException {
        private final transient List<Posture.Way> ways;

        WaysStillCheckingException(List<Posture.Way> ways) {
            super("these ways in still run a TOTP Guard step: switch them to Keycloak's OTP form first, export with "
                    + "removeTotpGuard=false meanwhile (or pass force=true): "
                    + String.join(", ", ways.stream().map(Posture.Way::way).toList()));
            this.ways = List.copyOf(ways);
        }

        public List<Posture.Way> ways() {
            return ways;
        }
    }

    private final KeycloakSession session;
    private final TotpGuardCredentialProvider credentials;
    private final Devices devices;
    private final SeedVault vault;

    public BuiltInOtpExport(KeycloakSession session) {
        this.session = session;
        this.credentials = TotpGuardCredentialProvider.of(session);
        this.devices = credentials.devices();
        this.vault = credentials.vault();
    }

    /** The ways in whose flow still runs a totp-guard step (posture verdict other than not checked). */
    public List<Posture.Way> waysStillChecking(RealmModel realm) {
        return new Posture(session, realm).ways().stream()
                .filter(way -> way.verdict() != Verdict.Result.NOT_CHECKED).toList();
    }

    /**
     * Exports the devices of {@code onlyUser}, or of every user of the realm with a device when it is {@code null}.
     *
     * @throws WaysStillCheckingException for a real removal while a way in runs a totp-guard step, unless forced
     * @throws SeedUnavailableException   when no seed keys are loaded (nothing can be opened)
     */
    public Report export(RealmModel realm, UserModel onlyUser, Request request) {
        List<Posture.Way> stillChecking = waysStillChecking(realm);
        if (!request.dryRun() && request.removeTotpGuard() && !request.force() && !stillChecking.isEmpty()) {
            throw new WaysStillCheckingException(stillChecking);
        }
        vault.keysProblem().ifPresent(problem -> {
            throw new SeedUnavailableException("cannot be opened: no seed keys (" + problem + ")");
        });
        OTPPolicy policy = realm.getOTPPolicy();
        Run run = new Run(realm, request, Math.max(0, policy.getLookAheadWindow()), policy.isCodeReusable(),
                RealmPolicies.strictestLockoutAfter(realm));
        List<UserModel> users = onlyUser != null ? List.of(onlyUser) : usersWithDevices(realm);
        for (UserModel user : users) {
            run.user(user);
        }
        List<String> warnings = new ArrayList<>(List.of(PLAINTEXT_WARNING));
        if (run.codeReusable) {
            warnings.add(REUSABLE_WARNING);
        }
        int exported = (int) run.done.stream().filter(d -> !d.alreadyExported()).count();
        int removed = (int) run.done.stream().filter(Device::removed).count();
        if (!request.dryRun() && (exported > 0 || removed > 0)) {
            // counts only: operators see when plaintext seeds appeared in the database
            LOG.infof("totp-guard: export to Keycloak's built-in OTP in realm %s: %d device(s) exported (their seeds are "
                    + "now stored in plaintext), %d already exported, %d removed, %d skipped", realm.getName(), exported,
                    run.done.size() - exported, removed, run.skipped.size());
        }
        return new Report(request.dryRun(), request.removeTotpGuard(), users.size(), run.found, exported,
                run.done.size() - exported, removed, List.copyOf(run.done), List.copyOf(run.skipped), stillChecking,
                warnings);
    }

    private List<UserModel> usersWithDevices(RealmModel realm) {
        return DeviceReports.of(session).usersWithDevices(realm.getId()).stream()
                .map(id -> session.users().getUserById(realm, id))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** One export run: its settings and what it found. */
    private final class Run {
        final RealmModel realm;
        final Request request;
        final int window;
        final boolean codeReusable;
        final int lockoutAfter;
        final long nowMillis = Time.currentTimeMillis();
        final List<Device> done = new ArrayList<>();
        final List<Skipped> skipped = new ArrayList<>();
        int found;

        Run(RealmModel realm, Request request, int window, boolean codeReusable, int lockoutAfter) {
            this.realm = realm;
            this.request = request;
            this.window = window;
            this.codeReusable = codeReusable;
            this.lockoutAfter = lockoutAfter;
        }

        void user(UserModel user) {
            // the last accepted step as the database holds it now (not the user cache's copy)
            List<TotpGuardCredentialModel> current = devices.current(user);
            List<OTPCredentialModel> builtIn = new ArrayList<>(user.credentialManager()
                    .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                    .map(OTPCredentialModel::createFromCredentialModel).toList());
            boolean removedAny = false;
            for (TotpGuardCredentialModel device : current) {
                found++;
                Optional<String> refusal = ExportRules.refusal(device.data(), window, lockoutAfter, nowMillis);
                if (refusal.isPresent()) {
                    skipped.add(new Skipped(user.getId(), device.getId(), refusal.get()));
                    continue;
                }
                byte[] seed;
                try {
                    seed = vault.open(realm, user, device);
                } catch (UnsealedSeedException e) {
                    skipped.add(new Skipped(user.getId(), device.getId(), "the seed is not sealed by the key file "
                            + "(unsealed): seal the device (POST users/{userId}/devices/{credentialId}/seal) or remove it"));
                    continue;
                } catch (SeedUnavailableException e) {
                    skipped.add(new Skipped(user.getId(), device.getId(), "the seed " + e.getMessage()));
                    continue;
                }
                try {
                    removedAny |= device(user, device, seed, builtIn);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            if (removedAny && !request.dryRun() && current.size() == done.stream()
                    .filter(d -> d.userId().equals(user.getId()) && d.removed()).count()) {
                RememberedBrowsers.revokeAll(user); // they vouched for devices that are gone
            }
        }

        /** Exports one device whose seed is open; returns whether it was (or would be) removed. */
        private boolean device(UserModel user, TotpGuardCredentialModel device, byte[] seed,
                               List<OTPCredentialModel> builtIn) {
            Totp totp = device.totp();
            Optional<OTPCredentialModel> twin = Optional.empty();
            for (OTPCredentialModel candidate : builtIn) {
                if (BuiltInCredentials.sameSeed(candidate, seed)) {
                    twin = Optional.of(candidate);
                }
            }
            if (twin.isPresent() && !BuiltInCredentials.sameParameters(twin.get().getOTPCredentialData(), totp)) {
                skipped.add(new Skipped(user.getId(), device.getId(), "the user has a built-in OTP credential ("
                        + twin.get().getId() + ") with this seed but other parameters: remove it, then export again"));
                return false;
            }
            List<ReplayMarks.Mark> marks;
            try {
                marks = codeReusable ? List.of()
                        : ReplayMarks.of(device.lastStep(), Math.floorDiv(nowMillis, 1000L), totp.periodSeconds(), window);
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(user.getId(), device.getId(), e.getMessage()));
                return false;
            }
            String otpId = twin.map(CredentialModel::getId).orElse(null);
            boolean remove = request.removeTotpGuard();
            if (!request.dryRun()) {
                if (twin.isEmpty()) {
                    OTPCredentialModel created = create(user, device, totp, seed, builtIn);
                    builtIn.add(created);
                    otpId = created.getId();
                }
                for (ReplayMarks.Mark mark : marks) {
                    session.singleUseObjects().putIfAbsent(
                            ReplayMarks.key(otpId, totp.generateString(seed, mark.step())), mark.lifespanSeconds());
                }
                if (remove) {
                    credentials.deleteCredential(realm, user, device.getId());
                }
            }
            done.add(new Device(user.getId(), device.getId(), device.getUserLabel(), otpId, twin.isPresent(),
                    marks.size(), remove));
            return remove;
        }

        private OTPCredentialModel create(UserModel user, TotpGuardCredentialModel device, Totp totp, byte[] seed,
                                          List<OTPCredentialModel> builtIn) {
            OTPCredentialModel otp = OTPCredentialModel.createTOTP(Base32.encode(seed), totp.digits(),
                    totp.periodSeconds(), totp.algorithm().macName(), OTPCredentialModel.SecretEncoding.BASE32.name());
            otp.setUserLabel(BuiltInCredentials.freeLabel(device.getUserLabel(), builtIn));
            otp.setCreatedDate(device.getCreatedDate() == null ? nowMillis : device.getCreatedDate());
            return OTPCredentialModel.createFromCredentialModel(user.credentialManager().createStoredCredential(otp));
        }
    }
}
