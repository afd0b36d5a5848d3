package dev.totpguard.recovery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecoveryCodesAfterEnrollmentTest {

    @Test
    void theStoredValuesAndTheSetting() {
        assertEquals(List.of("off", "offer", "require"), RecoveryCodesAfterEnrollment.VALUES);
        assertEquals("totp-guard.recovery-codes", RecoveryCodesAfterEnrollment.KEY);
        for (RecoveryCodesAfterEnrollment each : RecoveryCodesAfterEnrollment.values()) {
            assertEquals(each, RecoveryCodesAfterEnrollment.of(each.value()));
        }
    }
}
