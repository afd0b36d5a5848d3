package dev.totpguard.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeParserTest {

    @Test
    void parsesExactlySixAsciiDigits() {
        assertEquals(OptionalInt.of(123456), CodeParser.parse("123456", 6));
        assertEquals(OptionalInt.of(999999), CodeParser.parse("999999", 6));
        assertEquals(OptionalInt.of(0), CodeParser.parse("000000", 6));
    }

    @Test
    void keepsLeadingZeros() {
        assertEquals(OptionalInt.of(12345), CodeParser.parse("012345", 6));
        assertEquals(OptionalInt.of(7), CodeParser.parse("0000007", 7));
        assertEquals(OptionalInt.of(1234567), CodeParser.parse("01234567", 8));
    }

    @Test
    void acceptsAnyCharSequence() {
        assertEquals(OptionalInt.of(654321), CodeParser.parse(new StringBuilder("654321"), 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+12345", "-12345", " 123456", "123456 ", "123 456", "12345\t", "\n123456", "123-456"})
    void rejectsSignsAndWhitespace(String input) {
        assertEquals(OptionalInt.empty(), CodeParser.parse(input, 6));
    }

    @Test
    void rejectsFullWidthDigits() {
        assertEquals(OptionalInt.empty(), CodeParser.parse("\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16", 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("12345\uFF16", 6));
    }

    @Test
    void rejectsArabicIndicDigits() {
        assertEquals(OptionalInt.empty(), CodeParser.parse("\u0661\u0662\u0663\u0664\u0665\u0666", 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6", 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("\u0967\u0968\u0969\u096A\u096B\u096C", 6));
    }

    @Test
    void rejectsNul() {
        assertEquals(OptionalInt.empty(), CodeParser.parse("123\u000045", 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("123456\u0000", 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("\u0000\u0000\u0000\u0000\u0000\u0000", 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "12345", "1234567", "0123456", "00123456", "123456789"})
    void rejectsWrongLength(String input) {
        assertEquals(OptionalInt.empty(), CodeParser.parse(input, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdef", "12345a", "I23456", "12345O", "１２３４５６", "12.345", "1e5000", "0x1234"})
    void rejectsLetters(String input) {
        assertEquals(OptionalInt.empty(), CodeParser.parse(input, 6));
    }

    @Test
    void rejectsNull() {
        assertEquals(OptionalInt.empty(), CodeParser.parse(null, 6));
    }

    @Test
    void rejectsOneMegabyteInput() {
        assertEquals(OptionalInt.empty(), CodeParser.parse("1".repeat(1 << 20), 6));
        assertEquals(OptionalInt.empty(), CodeParser.parse("123456" + " ".repeat(1 << 20), 6));
    }

    @Test
    void honoursSevenAndEightDigits() {
        assertEquals(OptionalInt.of(1234567), CodeParser.parse("1234567", 7));
        assertEquals(OptionalInt.empty(), CodeParser.parse("123456", 7));
        assertEquals(OptionalInt.of(99999999), CodeParser.parse("99999999", 8));
        assertEquals(OptionalInt.empty(), CodeParser.parse("1234567", 8));
    }

    @Test
    void rejectsUnsupportedDigitCounts() {
        assertThrows(IllegalArgumentException.class, () -> CodeParser.parse("12345", 5));
        assertThrows(IllegalArgumentException.class, () -> CodeParser.parse("123456789", 9));
    }
}
