/**
 * The way out: turns {@code totp-guard} devices back into Keycloak built-in OTP credentials ({@code otp}, TOTP) with
 * the same seed, algorithm, digits, period and label, so that a realm can leave this extension without every user
 * enrolling again. {@link dev.totpguard.exit.ExportRules} decides which devices the built-in check can take over,
 * {@link dev.totpguard.exit.ReplayMarks} which codes the built-in check must treat as used (both pure), and
 * {@link dev.totpguard.exit.BuiltInOtpExport} does it in Keycloak. The built-in credential keeps its seed in plaintext.
 */
package dev.totpguard.exit;
