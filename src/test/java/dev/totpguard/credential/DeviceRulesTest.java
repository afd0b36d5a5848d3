package dev.totpguard.credential;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.totpguard.credential.DeviceRules.LabelProblem;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules every new device meets (enrollment, seed import, migration), and migration's named relaxation. */
class DeviceRulesTest {

    private static final List<String> NONE = List.of();

    @Test
    void firstDeviceMayBeUnnamedUnlessTheRealmAsks() {
        assertEquals(Optional.empty(), DeviceRules.checkLabel("", NONE, false));
        assertEquals(Optional.empty(), DeviceRules.checkLabel(null, NONE, false));
        assertEquals(Optional.of(LabelProblem.REQUIRED), DeviceRules.checkLabel("", NONE, true));
    }

    @Test
    void secondDeviceNeedsANameThatIsNotTakenInAnyCase() {
        List<String> existing = Arrays.asList("Phone", null);
        assertEquals(Optional.of(LabelProblem.REQUIRED_FOR_SECOND_DEVICE), DeviceRules.checkLabel("", existing, false));
        assertEquals(Optional.of(LabelProblem.TAKEN), DeviceRules.checkLabel("PHONE", existing, false));
        assertEquals(Optional.empty(), DeviceRules.checkLabel("tablet", existing, false));
    }

    @Test
    void lengthIsAtMost64() {
        assertEquals(Optional.empty(), DeviceRules.checkLabel("x".repeat(64), NONE, false));
        assertEquals(Optional.of(LabelProblem.TOO_LONG), DeviceRules.checkLabel("x".repeat(65), NONE, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0007b", "a\nb", "a\u007fb", "a\u0085b", "a\u2028b", "a\u202eb", "a\u2066b", "a\u200fb"})
    void charactersThatDoNotRenderAsTypedAreRefused(String label) {
        assertEquals(Optional.of(LabelProblem.INVALID_CHARACTERS), DeviceRules.checkLabel(label, NONE, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"work phone", "Téléphone", "手机", "phone (2)", "👩‍💻 laptop"})
    void ordinaryNamesInAnyScriptAreFine(String label) {
        assertEquals(Optional.empty(), DeviceRules.checkLabel(label, NONE, false));
    }

    @Test
    void namesAreTrimmedBeforeTheyAreChecked() {
        assertEquals("phone", DeviceRules.normaliseLabel("  phone\t"));
        assertEquals(null, DeviceRules.normaliseLabel(null));
    }

    @Test
    void parametersAndSeedSizesOfEnrollment() {
        assertDoesNotThrow(() -> DeviceRules.checkParameters(totp(6, 15), new byte[16]));
        assertDoesNotThrow(() -> DeviceRules.checkParameters(totp(8, 120), new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.checkParameters(totp(6, 14), new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.checkParameters(totp(6, 121), new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.checkParameters(totp(6, 30), new byte[15]));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> DeviceRules.checkParameters(totp(6, 30), new byte[65]));
        assertTrue(big.getMessage().contains("512"), big.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DeviceRules.checkParameters(new Totp(HmacAlgorithm.SHA1, 6, 30, 1L), new byte[20]));
    }

    @Test
    void everyProblemHasAnAdminMessage() {
        for (LabelProblem problem : LabelProblem.values()) {
            assertFalse(DeviceRules.describe(problem).isBlank(), problem::name);
        }
    }

    private static Totp totp(int digits, int period) {
        return new Totp(HmacAlgorithm.SHA1, digits, period, 0L);
    }

    @Test
    void migrationAcceptsWhatTheBuiltInCheckAcceptedAndNothingElse() {
        byte[] shortSeed = new byte[10]; // 80 bits: refused for a new device, kept (and reported weak) when migrated
        Totp fiveMinutes = new Totp(HmacAlgorithm.SHA1, 6, 300, 0L);
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.checkParameters(fiveMinutes, new byte[20]));
        assertDoesNotThrow(() -> DeviceRules.checkLegacyParameters(fiveMinutes, shortSeed));
        assertDoesNotThrow(() -> DeviceRules.checkLegacyParameters(new Totp(HmacAlgorithm.SHA1, 8, 1, 0L), shortSeed));
        assertEquals("unsupported period 301", assertThrows(IllegalArgumentException.class, () ->
                DeviceRules.checkLegacyParameters(new Totp(HmacAlgorithm.SHA1, 6, 301, 0L), shortSeed)).getMessage());
        assertEquals("unsupported digits 9", DeviceRules.legacyParameterProblem(9, 30).orElseThrow());
        assertEquals("unsupported digits 5", DeviceRules.legacyParameterProblem(5, 30).orElseThrow());
        assertEquals("unsupported period 0", DeviceRules.legacyParameterProblem(6, 0).orElseThrow());
        assertTrue(DeviceRules.legacyParameterProblem(6, 30).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.checkLegacyParameters(Totp.defaults(), new byte[0]));
        assertThrows(IllegalArgumentException.class, () ->
                DeviceRules.checkLegacyParameters(new Totp(HmacAlgorithm.SHA1, 6, 30, 5L), shortSeed), "T0 is 0 for all");
    }

    @Test
    void migrationKeepsATakenLabelApartBySuffixInsteadOfRefusingIt() {
        assertEquals("Phone", DeviceRules.freeLabel("Phone", NONE));
        assertEquals("Phone (2)", DeviceRules.freeLabel("Phone", Arrays.asList("phone", null)));
        assertEquals("Phone (3)", DeviceRules.freeLabel("Phone", List.of("PHONE", "phone (2)")));
        assertEquals(null, DeviceRules.freeLabel("  ", List.of("x")), "blank stays unnamed");
        assertEquals(null, DeviceRules.freeLabel(null, List.of("x")));
    }
}
