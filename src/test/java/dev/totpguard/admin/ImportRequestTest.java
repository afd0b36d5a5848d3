package dev.totpguard.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.ErrorResponseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The import endpoint's body: small, strict JSON, refusals that never quote the input. */
class ImportRequestTest {

    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Test
    void readsTheFields() {
        ImportRequest request = read("{\"seed\":\"" + SEED + "\",\"digits\":8,\"period\":60,"
                + "\"algorithm\":\"SHA256\",\"label\":\"token\"}");
        assertEquals(SEED, request.base32Seed());
        assertEquals(8, request.digits());
        assertEquals(60, request.period());
        assertEquals("token", request.label());
        assertFalse(request.toString().contains(SEED), "toString leaves the seed out");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"seed\":\"" + SEED + "\",\"digits\":6,\"digits\":8}",
            "{\"seed\":\"" + SEED + "\",\"digit\":8}",
            "{\"seed\":\"" + SEED + "\",\"digits\":6.5}",
            "{\"seed\":\"" + SEED + "\"} {\"seed\":\"" + SEED + "\"}",
            "[\"" + SEED + "\"]",
            "{\"seed\":\"" + SEED + "\"",
            "seed=" + SEED,
            "null",
            ""})
    void refusesAnythingButOneWellFormedObjectWithoutQuotingIt(String body) {
        ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> read(body));
        assertEquals(400, e.getResponse().getStatus());
        assertFalse(String.valueOf(e.getResponse().getEntity()).contains(SEED), "the refusal quotes the seed");
        assertFalse(String.valueOf(e.getMessage()).contains(SEED), "the exception message quotes the seed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"seed\":\"x\",\"digit\":8}|unknown field 'digit'; known: otpauthUri, seed, secret, algorithm, digits, period, label",
            "{\"seed\":\"x\",\"digits\":\"eight\"}|field 'digits' has the wrong type",
            "{\"seed\":\"x\",\"digits\":6,\"digits\":8}|malformed JSON (a field given twice, a syntax error, or text after the object)",
            "[1]|a JSON object is required",
            "null|a JSON object is required"})
    void refusalsNameTheField(String body, String message) {
        AdminRequestsTest.assertRefused(400, message, () -> read(body));
    }

    @Test
    void anEmptyBodyIsRefused() {
        AdminRequestsTest.assertRefused(400, "a JSON body with otpauthUri, or seed (Base32) and its parameters, is required",
                () -> read(""));
    }

    @Test
    void bodiesOver16KbGet413() {
        String big = "{\"seed\":\"" + SEED + "\",\"label\":\"" + "x".repeat(ImportRequest.MAX_BODY_BYTES) + "\"}";
        ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> read(big));
        assertEquals(413, e.getResponse().getStatus());
    }

    private static ImportRequest read(String body) {
        return ImportRequest.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
