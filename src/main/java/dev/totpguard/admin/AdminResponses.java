package dev.totpguard.admin;

import java.util.Map;

import dev.totpguard.guard.SeedUnavailableException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;

/**
 * What every totp-guard admin endpoint answers: JSON that no cache keeps ({@link #json}), and each refusal as a status
 * with Keycloak's JSON error body {@code {"errorMessage": …}} ({@link #error}), or with one more field that names what
 * stands in the way ({@link #conflict}). A message never holds a seed, a code or a request body.
 */
final class AdminResponses {

    private AdminResponses() {
    }

    /** {@code entity} as JSON with {@code Cache-Control: no-store}. */
    static Response json(Response.Status status, Object entity) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(status).entity(entity).type(MediaType.APPLICATION_JSON).cacheControl(noStore).build();
    }

    /** A refusal to throw: {@code status} with Keycloak's error body, whose {@code errorMessage} is {@code message}. */
    static ErrorResponseException error(Response.Status status, String message) {
        return ErrorResponse.error(message, status);
    }

    /** 503: the seed keys are not loaded (the exception's message says why, never with key material or a path). */
    static ErrorResponseException seedKeysUnavailable(SeedUnavailableException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "seed keys unavailable: " + e.getMessage());
    }

    /** 409 as JSON: {@code {"errorMessage": message, field: value}}, e.g. the ways into the realm that stand in the way. */
    static Response conflict(String message, String field, Object value) {
        return json(Response.Status.CONFLICT, Map.of("errorMessage", message, field, value));
    }
}
