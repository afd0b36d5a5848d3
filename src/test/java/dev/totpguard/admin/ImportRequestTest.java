package dev.totpguard.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        TotpGuardAdminResource.ImportRequest request = read("{\"seed\":\"" + SEED + "\",\"digits\":8,\"period\":60,"
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

    @Test
    void bodiesOver16KbGet413() {
        String big = "{\"seed\":\"" + SEED + "\",\"label\":\"" + "x".repeat(TotpGuardAdminResource.MAX_IMPORT_BODY_BYTES) + "\"}";
        ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> read(big));
        assertEquals(413, e.getResponse().getStatus());
    }

    private static TotpGuardAdminResource.ImportRequest read(String body) {
        return TotpGuardAdminResource.readImport(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
