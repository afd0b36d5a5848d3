package dev.totpguard.credential;

import java.util.Collection;
import java.util.Optional;

import dev.totpguard.otp.Totp;

/**
 * The limits every new device meets, however it arrives: enrollment (the required action), seed import (the admin API)
 * and migration all add devices through {@link NewDevices}, which checks here, so they can never drift apart; migration's
 * relaxation is {@link #checkLegacyParameters} and {@link #freeLabel}, by name. Messages never repeat a seed.
 */
public final class DeviceRules {

    /** Shortest step, in seconds (the enrollment config's lower bound too). */
    public static final int MIN_PERIOD = 15;
    /** Longest step, in seconds. */
    public static final int MAX_PERIOD = 120;
    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;
    /** Smallest seed: RFC 4226 §4 R6 asks for at least 128 bits. */
    public static final int MIN_SEED_BYTES = 16;
    /** Largest seed: 512 bits, the HMAC-SHA512 output length; anything longer only costs. */
    public static final int MAX_SEED_BYTES = 64;
    /** Longest device name, in UTF-16 units (what the enrollment form allows). */
    public static final int MAX_LABEL_LENGTH = 64;

    /** Why a device name cannot be used. */
    public enum LabelProblem {
        TOO_LONG,
        /** control characters, line or paragraph separators, bidirectional overrides: names that do not render as typed */
        INVALID_CHARACTERS,
        /** the user already has a device: a second one needs a name, so that they can be told apart */
        REQUIRED_FOR_SECOND_DEVICE,
        /** the realm asks for a name on every device ({@code totp-guard.label-required}) */
        REQUIRED,
        /** the user already has a device of this name (ignoring case) */
        TAKEN
    }

    private DeviceRules() {
    }

    /** A typed or sent device name as it is stored: trimmed; {@code null} stays {@code null}. */
    public static String normaliseLabel(String raw) {
        return raw == null ? null : raw.strip();
    }

    /**
     * Checks the name of a new device.
     *
     * @param label          normalised ({@link #normaliseLabel}); empty or {@code null} for none
     * @param existingLabels the labels of the user's devices ({@code null} entries for unnamed ones)
     * @param labelRequired  the realm's "Device name required" setting
     */
    public static Optional<LabelProblem> checkLabel(String label, Collection<String> existingLabels, boolean labelRequired) {
        if (label == null || label.isEmpty()) {
            if (!existingLabels.isEmpty()) {
                return Optional.of(LabelProblem.REQUIRED_FOR_SECOND_DEVICE);
            }
            return labelRequired ? Optional.of(LabelProblem.REQUIRED) : Optional.empty();
        }
        Optional<LabelProblem> form = checkLabelForm(label);
        if (form.isPresent()) {
            return form;
        }
        return existingLabels.stream().anyMatch(label::equalsIgnoreCase) ? Optional.of(LabelProblem.TAKEN) : Optional.empty();
    }

    /** The checks that need no other device: length and characters. */
    public static Optional<LabelProblem> checkLabelForm(String label) {
        if (label == null) {
            return Optional.empty();
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of(LabelProblem.TOO_LONG);
        }
        return label.codePoints().anyMatch(DeviceRules::invalidInLabel) ? Optional.of(LabelProblem.INVALID_CHARACTERS)
                : Optional.empty();
    }

    /**
     * A stored label as we show it (pages, events): Keycloak's own label endpoints (Account Console, admin
     * {@code userLabel}) store any text, bypassing {@link #checkLabel}. Characters that do not render as typed
     * ({@link #checkLabelForm}) are dropped, the rest trimmed and cut to {@value #MAX_LABEL_LENGTH} characters (never
     * inside a surrogate pair); nothing left means an unnamed device ({@code null}). A label that meets the rules is
     * shown unchanged.
     */
    public static String displayLabel(String stored) {
        if (stored == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(stored.length(), MAX_LABEL_LENGTH * 2));
        stored.codePoints().filter(c -> !invalidInLabel(c)).forEach(clean::appendCodePoint);
        String label = cut(clean.toString().strip(), MAX_LABEL_LENGTH).strip();
        return label.isEmpty() ? null : label;
    }

    /** At most {@code max} UTF-16 units of {@code text}, never ending inside a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }

    /** The problem in words for an administrator (the enrollment page has its own, translated, messages). */
    public static String describe(LabelProblem problem) {
        return switch (problem) {
            case TOO_LONG -> "label must be at most " + MAX_LABEL_LENGTH + " characters";
            case INVALID_CHARACTERS -> "label must not contain control characters, line separators or bidirectional "
                    + "formatting characters";
            case REQUIRED_FOR_SECOND_DEVICE -> "label is required: the user already has a device, and devices must be "
                    + "told apart";
            case REQUIRED -> "label is required in this realm (Device name required, totp-guard.label-required)";
            case TAKEN -> "the user already has a device with this label";
        };
    }

    /**
     * The code parameters and seed of a new device.
     *
     * @throws IllegalArgumentException naming the rule broken (never the seed)
     */
    public static void checkParameters(Totp totp, byte[] seed) {
        if (totp.periodSeconds() < MIN_PERIOD || totp.periodSeconds() > MAX_PERIOD) {
            throw new IllegalArgumentException("period must be from " + MIN_PERIOD + " to " + MAX_PERIOD + " seconds");
        }
        if (totp.digits() < MIN_DIGITS || totp.digits() > MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be 6, 7 or 8");
        }
        if (totp.t0EpochSeconds() != 0L) {
            throw new IllegalArgumentException("T0 must be 0");
        }
        if (seed.length < MIN_SEED_BYTES) {
            throw new IllegalArgumentException("seed must be at least 128 bits (RFC 4226), got " + seed.length * 8);
        }
        if (seed.length > MAX_SEED_BYTES) {
            throw new IllegalArgumentException("seed must be at most " + MAX_SEED_BYTES * 8 + " bits, got " + seed.length * 8);
        }
    }

    /** Longest step the built-in OTP check accepts, in seconds: what {@link #checkLegacyParameters} allows. */
    public static final int MAX_LEGACY_PERIOD = 300;

    /**
     * The relaxation for credentials moved from Keycloak's built-in OTP ({@link NewDevices.Rules#LEGACY_MIGRATION}):
     * what the built-in check accepted keeps working — periods of 1 to {@value #MAX_LEGACY_PERIOD} s and a seed of any
     * non-zero length; digits and T0 as for every device.
     *
     * @throws IllegalArgumentException naming the rule broken (never the seed)
     */
    public static void checkLegacyParameters(Totp totp, byte[] seed) {
        Optional<String> problem = legacyParameterProblem(totp.digits(), totp.periodSeconds());
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (totp.t0EpochSeconds() != 0L) {
            throw new IllegalArgumentException("T0 must be 0");
        }
        if (seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
    }

    /** What {@link #checkLegacyParameters} refuses in a built-in credential's digits and period, in words; else empty. */
    public static Optional<String> legacyParameterProblem(int digits, int periodSeconds) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            return Optional.of("unsupported digits " + digits);
        }
        if (periodSeconds < 1 || periodSeconds > MAX_LEGACY_PERIOD) {
            return Optional.of("unsupported period " + periodSeconds);
        }
        return Optional.empty();
    }

    /**
     * The migration's label: as Keycloak stored it, with " (2)", " (3)", … added while the user already uses it
     * (ignoring case); {@code null} or blank stays unnamed.
     */
    public static String freeLabel(String label, Collection<String> existingLabels) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String candidate = label;
        for (int n = 2; taken(candidate, existingLabels); n++) {
            candidate = label + " (" + n + ")";
        }
        return candidate;
    }

    private static boolean taken(String label, Collection<String> existingLabels) {
        return existingLabels.stream().anyMatch(label::equalsIgnoreCase);
    }

    private static boolean invalidInLabel(int c) {
        return Character.isISOControl(c)
                || c == 0x2028 || c == 0x2029 // line and paragraph separators
                || c == 0x061C || c == 0x200E || c == 0x200F // bidirectional marks
                || (c >= 0x202A && c <= 0x202E) // bidirectional embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069); // bidirectional isolates
    }
}
