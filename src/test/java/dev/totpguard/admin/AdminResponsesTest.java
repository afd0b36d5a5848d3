package dev.totpguard.admin;

import java.util.List;
import java.util.Map;

import dev.totpguard.guard.SeedUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answers every admin endpoint shares: JSON no cache keeps, refusals as a status and Keycloak's error body. */
class AdminResponsesTest {

    @Test
    void jsonIsNotStored() {
        Response response = AdminResponses.json(Response.Status.CREATED, List.of("a"));
        assertEquals(201, response.getStatus());
        assertEquals(List.of("a"), response.getEntity());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        assertTrue(String.valueOf(response.getMetadata().getFirst(HttpHeaders.CACHE_CONTROL)).contains("no-store"),
                String.valueOf(response.getMetadata()));
    }

    @Test
    void anErrorIsTheStatusWithKeycloaksErrorBody() {
        ErrorResponseException e = AdminResponses.error(Response.Status.NOT_FOUND, "Device not found");
        assertEquals(404, e.getResponse().getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, e.getResponse().getMediaType());
        ErrorRepresentation body = (ErrorRepresentation) e.getResponse().getEntity();
        assertEquals("Device not found", body.getErrorMessage());
        assertNull(body.getParams());
    }

    @Test
    void missingSeedKeysAre503WithTheReason() {
        ErrorResponseException e = AdminResponses.seedKeysUnavailable(new SeedUnavailableException("no keys loaded"));
        assertEquals(503, e.getResponse().getStatus());
        assertEquals("seed keys unavailable: no keys loaded",
                ((ErrorRepresentation) e.getResponse().getEntity()).getErrorMessage());
    }

    @Test
    void aConflictNamesWhatStandsInTheWay() {
        Response response = AdminResponses.conflict("2 ways do not check devices", "waysNotChecked", List.of("browser"));
        assertEquals(409, response.getStatus());
        assertEquals(Map.of("errorMessage", "2 ways do not check devices", "waysNotChecked", List.of("browser")),
                response.getEntity());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        assertTrue(String.valueOf(response.getMetadata().getFirst(HttpHeaders.CACHE_CONTROL)).contains("no-store"));
    }
}
