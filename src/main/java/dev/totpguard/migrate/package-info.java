/**
 * The way in from Keycloak's built-in OTP: turns a realm's built-in TOTP credentials into {@code totp-guard} devices
 * with the same seed, algorithm, digits, period and label, so users keep their authenticator apps; refused while a way
 * into the realm would not check the new devices ({@code posture}). The mirror of {@code exit}.
 */
package dev.totpguard.migrate;
