package dev.totpguard.ceremony;

import java.util.OptionalLong;

/**
 * The one place that decides what an authentication must have shown before a ceremony around the user's second factor
 * ({@link Ceremony}). Every entry point asks it: the enrollment page (required action, {@code kc_action},
 * execute-actions mail), the removal of a device (Account Console, the set-up page after a recovery code), new recovery
 * codes, "Later", and "remember this browser". Pure: the caller passes what Keycloak recorded and the time.
 *
 * <p>The rules:
 * <ul>
 *   <li>A user who has a device adds or removes one, or gets new recovery codes, only after a code of an existing
 *       device, or a recovery code (the lost-phone path), accepted in this authentication no longer than the maximum
 *       age ago. The password, a remembered browser or an existing session alone lead to {@link Verdict.Decision#ASK_CODE};
 *       a mail link alone is refused (whoever reads the mailbox has no device).</li>
 *   <li>A first device needs nothing more than reaching the page (trust on first use; the user is mailed).</li>
 *   <li>"Later" needs the password in this authentication (never a mail link, so never after a password reset), no
 *       device and no recovery code, a requested and reached level of at most 1, and grace left.</li>
 *   <li>Remembering a browser needs a code accepted in this authentication, at a requested level of at most 1.</li>
 * </ul>
 */
public final class CeremonyPolicy {

    /** Keycloak's default for application-initiated actions: a second factor older than this is asked again. */
    public static final long DEFAULT_MAX_AGE_SECONDS = 300;

    private CeremonyPolicy() {
    }

    /**
     * @param ceremony       what the user is about to do
     * @param hasDevice      whether the user has a device now (read under the entry point's own rules)
     * @param shown          what this authentication has shown
     * @param now            the time, epoch seconds
     * @param maxAgeSeconds  how old a code may be for a change of the second factor
     * @param requestedLevel the level of authentication the client asked for (0 when none)
     * @param reachedLevel   the level this authentication reached so far
     * @param graceLeft      whether the realm's grace period has times or days left for this user
     */
    public static Verdict decide(Ceremony ceremony, boolean hasDevice, Shown shown, long now, long maxAgeSeconds,
                                 int requestedLevel, int reachedLevel, boolean graceLeft) {
        return switch (ceremony) {
            case FIRST_DEVICE -> hasDevice
                    ? decide(Ceremony.ANOTHER_DEVICE, true, shown, now, maxAgeSeconds, requestedLevel, reachedLevel, graceLeft)
                    : Verdict.allow("first_device");
            case ANOTHER_DEVICE, REMOVE_DEVICE, NEW_RECOVERY_CODES -> change(hasDevice, shown, now, maxAgeSeconds);
            case POSTPONE -> postpone(hasDevice, shown, requestedLevel, reachedLevel, graceLeft);
            case REMEMBER_BROWSER -> fresh(shown.codeAt(), now, maxAgeSeconds) && requestedLevel <= 1
                    ? Verdict.allow("code") : Verdict.refuse(requestedLevel > 1 ? "level" : "no_code");
        };
    }

    private static Verdict change(boolean hasDevice, Shown shown, long now, long maxAgeSeconds) {
        if (!hasDevice) {
            return Verdict.allow("no_device");
        }
        if (fresh(shown.codeAt(), now, maxAgeSeconds)) {
            return Verdict.allow("code");
        }
        if (fresh(shown.recoveryCodeAt(), now, maxAgeSeconds)) {
            return Verdict.allow("recovery_code");
        }
        if (!shown.password() && !shown.ssoCookie()) {
            // a mail link (execute-actions, or a reset that did not ask for the code): the mailbox is not the device
            return Verdict.refuse("mail_link");
        }
        return Verdict.askCode(shown.codeAt().isPresent() || shown.recoveryCodeAt().isPresent() ? "code_too_old" : "no_code");
    }

    private static Verdict postpone(boolean hasDevice, Shown shown, int requestedLevel, int reachedLevel, boolean graceLeft) {
        if (hasDevice) {
            return Verdict.refuse("has_device");
        }
        if (!shown.password()) {
            return Verdict.refuse("no_password");
        }
        if (shown.recoveryCodeAt().isPresent()) {
            return Verdict.refuse("recovery_code");
        }
        if (requestedLevel > 1 || reachedLevel > 1) {
            return Verdict.refuse("level");
        }
        return graceLeft ? Verdict.allow("grace") : Verdict.refuse("grace_over");
    }

    private static boolean fresh(OptionalLong at, long now, long maxAgeSeconds) {
        return at.isPresent() && at.getAsLong() <= now + 5 && now - at.getAsLong() <= maxAgeSeconds;
    }
}
