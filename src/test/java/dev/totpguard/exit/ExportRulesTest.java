package dev.totpguard.exit;

import java.util.Optional;

import dev.totpguard.credential.TotpGuardCredentialModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportRulesTest {

    private static final long NOW = 1_800_000_000_000L;

    private static TotpGuardCredentialModel.Data data(String algorithm, int digits, int period, int drift, int failures,
                                                      long waitUntil) {
        return new TotpGuardCredentialModel.Data(algorithm, digits, period, 100L, drift, failures, waitUntil, 0L);
    }

    private static Optional<String> refusal(TotpGuardCredentialModel.Data data) {
        return ExportRules.refusal(data, 1, 10, NOW);
    }

    @Test
    void exportsEveryParameterSetTotpGuardStores() {
        for (String algorithm : new String[] {"SHA1", "SHA256", "SHA512"}) {
            for (int digits = 6; digits <= 8; digits++) {
                for (int period : new int[] {15, 30, 60, 120}) {
                    assertEquals(Optional.empty(), refusal(data(algorithm, digits, period, 0, 0, 0L)),
                            algorithm + "/" + digits + "/" + period);
                }
            }
        }
    }

    @Test
    void exportsADriftWithinTheWindowAndAnOldWait() {
        assertEquals(Optional.empty(), refusal(data("SHA1", 6, 30, -1, 3, NOW - 1)));
    }

    @Test
    void skipsADriftBeyondTheBuiltInWindow() {
        String reason = refusal(data("SHA1", 6, 30, 2, 0, 0L)).orElseThrow();
        assertTrue(reason.contains("2 steps ahead") && reason.contains("look around window to at least 2"), reason);
        assertTrue(refusal(data("SHA1", 6, 30, -3, 0, 0L)).orElseThrow().contains("3 steps behind"));
        assertEquals(Optional.empty(), ExportRules.refusal(data("SHA1", 6, 30, 3, 0, 0L), 3, 10, NOW));
    }

    @Test
    void skipsALockedOrWaitingDevice() {
        assertTrue(refusal(data("SHA1", 6, 30, 0, 10, 0L)).orElseThrow().startsWith("locked after 10 failures"));
        assertTrue(refusal(data("SHA1", 6, 30, 0, 4, NOW + 1000)).orElseThrow().startsWith("waiting after 4 failures"));
    }

    @Test
    void skipsParametersTheBuiltInCheckDoesNotCompute() {
        assertTrue(refusal(data("MD5", 6, 30, 0, 0, 0L)).orElseThrow().startsWith("unsupported algorithm"));
        assertTrue(refusal(data(null, 6, 30, 0, 0, 0L)).orElseThrow().startsWith("unsupported algorithm"));
        assertTrue(refusal(data("SHA1", 9, 30, 0, 0, 0L)).orElseThrow().startsWith("unsupported digits 9"));
        assertTrue(refusal(data("SHA1", 5, 30, 0, 0, 0L)).orElseThrow().startsWith("unsupported digits 5"));
        assertTrue(refusal(data("SHA1", 6, 0, 0, 0, 0L)).orElseThrow().startsWith("unsupported period 0"));
    }
}
