package dev.totpguard.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;

import static dev.totpguard.admin.AdminResponses.error;

/**
 * What an import request carries: an otpauth URI, or a Base32 {@code seed} with its parameters ({@code secret} is
 * accepted as the older name of {@code seed}). Never echoed back.
 */
public record ImportRequest(String otpauthUri, String seed, String secret, String algorithm, Integer digits,
                            Integer period, String label) {

    /** Largest import body: a URI or seed with its parameters and a label fit many times over. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /** The fields, in the order a refusal lists them. */
    static final List<String> FIELDS = List.of("otpauthUri", "seed", "secret", "algorithm", "digits", "period", "label");

    String base32Seed() {
        return seed != null && !seed.isBlank() ? seed : secret;
    }

    @Override
    public String toString() {
        return "ImportRequest[label=" + label + "]";
    }

    /**
     * Reads at most {@value #MAX_BODY_BYTES} bytes of JSON. Jackson's own messages quote the input (a seed), so
     * none of them is passed on: a refusal names at most one of our field names.
     */
    static ImportRequest read(InputStream body) {
        byte[] bytes = AdminRequests.body(body, MAX_BODY_BYTES);
        if (bytes.length > MAX_BODY_BYTES) {
            throw error(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "the request body is larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        if (bytes.length == 0) {
            throw error(Response.Status.BAD_REQUEST,
                    "a JSON body with otpauthUri, or seed (Base32) and its parameters, is required");
        }
        try {
            ImportRequest request = AdminRequests.STRICT_JSON.readValue(bytes, ImportRequest.class);
            if (request == null) {
                throw error(Response.Status.BAD_REQUEST, "a JSON object is required");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw error(Response.Status.BAD_REQUEST, AdminRequests.unknownField(e.getPropertyName(), FIELDS));
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw error(Response.Status.BAD_REQUEST, field != null && FIELDS.contains(field)
                    ? "field '" + field + "' has the wrong type" : "a JSON object is required");
        } catch (IOException e) {
            throw error(Response.Status.BAD_REQUEST, AdminRequests.MALFORMED_JSON);
        }
    }
}
