package dev.totpguard.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/** The export report names our device {@code deviceId}, and still serves its name before 0.2.0 beside it. */
class ExportReportJsonTest {

    @Test
    void aDeviceCarriesItsIdUnderBothNames() throws Exception {
        JsonNode json = JsonSerialization.mapper.readTree(JsonSerialization.writeValueAsString(
                new BuiltInOtpExport.Device("u1", "d1", "phone", "o1", false, 2, false)));
        assertEquals("d1", json.get("deviceId").asText());
        assertEquals("d1", json.get("credentialId").asText());
        assertEquals("o1", json.get("otpCredentialId").asText());
    }

    @Test
    void aSkippedDeviceCarriesItsIdUnderBothNames() throws Exception {
        JsonNode json = JsonSerialization.mapper.readTree(JsonSerialization.writeValueAsString(
                new BuiltInOtpExport.Skipped("u1", "d1", "why")));
        assertEquals("d1", json.get("deviceId").asText());
        assertEquals("d1", json.get("credentialId").asText());
        assertEquals(4, json.size(), () -> "userId, deviceId, credentialId, reason: " + json);
    }
}
