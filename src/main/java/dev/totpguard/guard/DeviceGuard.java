package dev.totpguard.guard;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.SeedUnavailableException;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.otp.CodeParser;
import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Judges one sign-in attempt on one device: per-device attempt limit, drift-centred window, resync by two consecutive
 * codes, accept-once. The device is read under a row lock, so parallel attempts on it (any node) run one at a time and
 * cannot overrun the limit or accept a step twice.
 */
public final class DeviceGuard {

    /** Auth-session note remembering, between two requests, the step a resync code matched: {@code <credentialId>:<step>}. */
    static final String RESYNC_NOTE = "totp-guard.resync";

    private static final Logger LOG = Logger.getLogger(DeviceGuard.class);

    private final TotpGuardCredentialProvider devices;

    public DeviceGuard(KeycloakSession session) {
        this.devices = TotpGuardCredentialProvider.of(session);
    }

    /**
     * @param code the submitted value, or {@code null} when the form had none or several
     */
    public Attempt attempt(RealmModel realm, UserModel user, String credentialId, String code, GuardPolicy policy,
                           AuthenticationSessionModel authSession) {
        Optional<TotpGuardCredentialModel> found = devices.lockForAttempt(user, credentialId);
        if (found.isEmpty()) {
            return new Attempt(Attempt.Outcome.NO_DEVICE, null, null, 0, 0, 0);
        }
        TotpGuardCredentialModel device = found.get();
        TotpGuardCredentialModel.Data data = device.data();
        long now = Time.currentTimeMillis();
        if (policy.lockedOut(data.failures()) || now < data.blockedUntil()) {
            return result(Attempt.Outcome.LOCKED, device, data, 0);
        }

        Totp totp = device.totp();
        OptionalInt parsed = CodeParser.parse(code, totp.digits());
        if (parsed.isEmpty()) {
            return fail(user, device, policy, now, Attempt.Outcome.MALFORMED);
        }
        byte[] seed;
        try {
            seed = devices.seed(realm, user, device);
        } catch (SeedUnavailableException e) {
            // fail closed, not counted against the user: the fault is the server's
            LOG.errorf("totp-guard: sign-in with device %s of user %s refused: its seed %s", device.getId(), user.getId(), e.getMessage());
            return result(Attempt.Outcome.UNAVAILABLE, device, data, 0);
        }
        long current = totp.step(Instant.ofEpochMilli(now));
        int reach = policy.window() + policy.maxDrift();

        OptionalLong matched = new TotpVerifier(totp, policy.window()).verify(seed, parsed.getAsInt(),
                policy.centre(current, data.drift()));
        if (matched.isPresent()) {
            authSession.removeAuthNote(RESYNC_NOTE);
            return accept(user, device, policy, matched.getAsLong(), current, now, reach, Attempt.Outcome.ACCEPTED);
        }

        OptionalLong pending = pendingResync(authSession, device);
        if (pending.isPresent()) {
            long next = pending.getAsLong() + 1;
            if (new TotpVerifier(totp, 0).verify(seed, parsed.getAsInt(), next).isPresent()) {
                authSession.removeAuthNote(RESYNC_NOTE);
                return accept(user, device, policy, next, current, now,
                        Math.max(reach, (int) Math.min(GuardPolicy.MAX_RESYNC_RANGE, Math.abs(next - current)) + 1),
                        Attempt.Outcome.RESYNCED);
            }
        }
        if (policy.resyncRange() > 0) {
            OptionalLong far = new TotpVerifier(totp, policy.resyncRange()).verify(seed, parsed.getAsInt(), current);
            if (far.isPresent() && far.getAsLong() > data.lastStep()) {
                authSession.setAuthNote(RESYNC_NOTE, device.getId() + ":" + far.getAsLong());
                return fail(user, device, policy, now, Attempt.Outcome.RESYNC_REQUIRED);
            }
        }
        authSession.removeAuthNote(RESYNC_NOTE);
        return fail(user, device, policy, now, Attempt.Outcome.INVALID);
    }

    private Attempt accept(UserModel user, TotpGuardCredentialModel device, GuardPolicy policy, long step, long current,
                           long now, int reach, Attempt.Outcome outcome) {
        if (!devices.claimStep(device, step, reach)) {
            return fail(user, device, policy, now, Attempt.Outcome.REPLAYED);
        }
        TotpGuardCredentialModel.Data data = device.data().accepted(step, policy.learnedDrift(step, current), now);
        devices.store(user, device.with(data));
        return new Attempt(outcome, device.getId(), device.getUserLabel(), step - current, data.drift(), 0);
    }

    private Attempt fail(UserModel user, TotpGuardCredentialModel device, GuardPolicy policy, long now,
                         Attempt.Outcome outcome) {
        int failures = device.data().failures() + 1;
        TotpGuardCredentialModel.Data data = device.data().failed(policy.blockedUntil(failures, now));
        devices.store(user, device.with(data));
        return result(outcome, device, data, 0);
    }

    private static Attempt result(Attempt.Outcome outcome, TotpGuardCredentialModel device,
                                  TotpGuardCredentialModel.Data data, long skew) {
        return new Attempt(outcome, device.getId(), device.getUserLabel(), skew, data.drift(), data.failures());
    }

    private static OptionalLong pendingResync(AuthenticationSessionModel authSession, TotpGuardCredentialModel device) {
        String note = authSession.getAuthNote(RESYNC_NOTE);
        String prefix = device.getId() + ":";
        if (note == null || !note.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(note.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
