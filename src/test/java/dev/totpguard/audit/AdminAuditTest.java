package dev.totpguard.audit;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdminAuditTest {

    @Test
    void removeDeviceNamesTypeIdAndLabel() throws Exception {
        assertEquals("{\"credentialType\":\"totp-guard\",\"action\":\"remove-device\",\"credentialId\":\"c1\",\"userLabel\":\"phone\"}",
                JsonSerialization.writeValueAsString(AdminAudit.Representation.removeDevice("totp-guard",
                        new AdminAudit.DeviceRef("c1", "phone"))));
    }

    @Test
    void resetListsTheRemovedDevicesAndTheRequiredAction() throws Exception {
        assertEquals("{\"credentialType\":\"totp-guard\",\"action\":\"reset\",\"devices\":[{\"credentialId\":\"c1\",\"userLabel\":\"phone\"},"
                        + "{\"credentialId\":\"c2\"}],\"requiredAction\":\"totp-guard-enroll\",\"recoveryCodesRemoved\":true,\"rememberedBrowsersRevoked\":2,"
                        + "\"sessionsEnded\":true,\"sessionsEndedCount\":3}",
                JsonSerialization.writeValueAsString(AdminAudit.Representation.reset("totp-guard",
                        List.of(new AdminAudit.DeviceRef("c1", "phone"), new AdminAudit.DeviceRef("c2", null)),
                        "totp-guard-enroll", true, 2, true, 3)));
    }

    @Test
    void unlockSaysWhetherTheRealmLockWasCleared() throws Exception {
        assertEquals("{\"credentialType\":\"totp-guard\",\"action\":\"unlock\",\"devices\":[],\"realmLockCleared\":true}",
                JsonSerialization.writeValueAsString(AdminAudit.Representation.unlock("totp-guard", List.of(), true)));
    }

    @Test
    void exportToOtpNamesEachDeviceAndItsBuiltInCredential() throws Exception {
        assertEquals("{\"credentialType\":\"totp-guard\",\"action\":\"export-to-otp\",\"exported\":[{\"credentialId\":\"c1\","
                        + "\"userLabel\":\"phone\",\"otpCredentialId\":\"o1\"}],\"totpGuardRemoved\":false}",
                JsonSerialization.writeValueAsString(AdminAudit.Representation.exportToOtp("totp-guard",
                        List.of(new AdminAudit.ExportRef("c1", "phone", "o1")), false)));
    }
}
