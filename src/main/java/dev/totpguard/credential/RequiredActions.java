package dev.totpguard.credential;

import org.keycloak.models.RealmModel;

/**
 * What the sign-in steps, the step after a recovery code, the admin API and the enrollment action share about required
 * actions, below all of them: whether a realm has one turned on, the enrollment action's name, and the note a sign-in
 * leaves for it. The enrollment action's id is {@link TotpGuardCredentialProviderFactory#ENROLL_ACTION} (the
 * credential type names it as the way to create a device).
 */
public final class RequiredActions {

    /** The name the Admin Console shows for the enrollment action under Authentication, Required actions. */
    public static final String ENROLL_DISPLAY_TEXT = "Configure TOTP device (totp-guard)";
    /**
     * Authentication-session note set by the sign-in form when it sends a user without a device to enrollment: that
     * sign-in has checked no code, so the enrollment must end with a device of its own.
     */
    public static final String SETUP_DEMANDED_NOTE = "totp-guard.setup-demanded";

    private RequiredActions() {
    }

    /** Whether the realm has the required action {@code providerId} (ours, Keycloak's recovery codes…) and it is on. */
    public static boolean enabledIn(RealmModel realm, String providerId) {
        return realm.getRequiredActionProvidersStream()
                .anyMatch(a -> providerId.equals(a.getProviderId()) && a.isEnabled());
    }
}
