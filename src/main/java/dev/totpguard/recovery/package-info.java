/**
 * Recovery codes, the lost-phone path. Keycloak owns the codes (its credential, its recovery-code form, its required
 * action); this package holds what totp-guard adds around them. The step after Keycloak's form
 * ({@link dev.totpguard.recovery.RecoveryCodeFollowUp}) records the use (event, metric), gives the sign-in its level and
 * opens the lost-phone path ({@link dev.totpguard.recovery.AfterRecoveryCode}) to enrollment in the same visit; there
 * {@link dev.totpguard.recovery.EnrollRecovery} lists the user's devices to remove the lost one
 * ({@link dev.totpguard.recovery.RecoveryPanel}) and chains Keycloak's action for a fresh set of codes. What the codes
 * are in storage is {@link dev.totpguard.credential.RecoveryCodes}; the policy in front of a fresh set for a user with
 * a device is {@link dev.totpguard.confirm.GuardedRecoveryCodesFactory}.
 */
package dev.totpguard.recovery;
