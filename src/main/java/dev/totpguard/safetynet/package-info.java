/**
 * The safety net: a realm whose users have TOTP Guard devices never gives a password-only token through the direct
 * grant, nor a session through an identity provider without the code, even when no flow asks for it. A required action
 * of ours ({@link dev.totpguard.safetynet.SafetyNetActionFactory}), registered and enabled in every realm, is asked by
 * Keycloak at the end of every authentication; it joins the authentication when a user with a device came by a direct
 * grant or an identity provider and showed no code ({@link dev.totpguard.confirm.Evidence}): Keycloak then refuses the
 * direct grant ("Account is not fully set up"), and a brokered sign-in gets the code page before it finishes. Turning
 * the action off under Authentication, Required actions is the audited opt-out. {@link dev.totpguard.safetynet.PostureWarnings}
 * logs the ways in that the posture reports unchecked, at start-up and when a binding changes.
 */
package dev.totpguard.safetynet;
