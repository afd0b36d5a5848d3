package dev.totpguard.admin;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export endpoint's body: dryRun required, strict JSON, refusals that name the field. */
class ExportRequestTest {

    private static ExportRequest parse(String json) {
        return ExportRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsTheFieldsWithFalseAsDefault() {
        assertEquals(new ExportRequest(true, null, false, false), parse("{\"dryRun\":true}"));
        assertEquals(new ExportRequest(false, "u1", true, true),
                parse("{\"dryRun\":false,\"userId\":\"u1\",\"removeTotpGuard\":true,\"force\":true}"));
        assertEquals(new ExportRequest(false, null, false, false), parse("{\"dryRun\":false,\"userId\":null}"));
    }

    @Test
    void dryRunIsRequired() {
        assertTrue(refusal("{}").startsWith("dryRun is required"));
        assertTrue(refusal("{\"removeTotpGuard\":true}").startsWith("dryRun is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExportRequest.parse(new byte[0]))
                .getMessage().startsWith("a JSON body is required"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"dryRun\":\"false\"}|field 'dryRun' must be true or false",
            "{\"dryRun\":0}|field 'dryRun' must be true or false",
            "{\"dryRun\":false,\"force\":\"yes\"}|field 'force' must be true or false",
            "{\"dryRun\":false,\"removeTotpGuard\":1}|field 'removeTotpGuard' must be true or false",
            "{\"dryRun\":false,\"userId\":42}|field 'userId' must be a user id",
            "{\"dryRun\":false,\"userId\":\" \"}|field 'userId' must be a user id",
            "{\"dryRun\":false,\"dryrun\":true}|unknown field 'dryrun'",
            "{\"dryRun\":true,\"dryRun\":false}|malformed JSON",
            "{\"dryRun\":true} {}|malformed JSON",
            "{\"dryRun\":true|malformed JSON",
            "[true]|a JSON object is required",
            "true|a JSON object is required",
    })
    void refusesBadBodiesNamingTheField(String json, String message) {
        String refusal = refusal(json);
        assertTrue(refusal.startsWith(message), refusal);
    }

    @Test
    void refusesALargeBody() {
        String big = "{\"dryRun\":true,\"userId\":\"" + "x".repeat(ExportRequest.MAX_BODY_BYTES) + "\"}";
        assertTrue(refusal(big).contains("larger than"));
    }
}
