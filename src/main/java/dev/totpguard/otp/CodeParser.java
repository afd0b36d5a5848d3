package dev.totpguard.otp;

import java.util.OptionalInt;

/**
 * Strict parser for a code as typed by a user: exactly {@code digits} ASCII digits {@code 0-9}, nothing else.
 *
 * <p>No whitespace, sign, separator or non-ASCII digit (full-width, Arabic-Indic…) is accepted or normalised,
 * so the same code has exactly one accepted spelling. {@code Integer.parseInt} is not used: it accepts
 * {@code +} and non-ASCII digits.
 */
public final class CodeParser {
    private CodeParser() {
    }

    /**
     * @param input the candidate; null gives empty
     * @param digits expected length, 6 to 8
     * @return the code as a number, or empty if the input is not exactly {@code digits} ASCII digits
     * @throws IllegalArgumentException if digits is out of range
     */
    public static OptionalInt parse(CharSequence input, int digits) {
        Hotp.checkDigits(digits);
        if (input == null || input.length() != digits) {
            return OptionalInt.empty();
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            char c = input.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            value = value * 10 + (c - '0');
        }
        return OptionalInt.of(value);
    }
}
