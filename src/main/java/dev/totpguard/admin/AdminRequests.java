package dev.totpguard.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import static dev.totpguard.admin.AdminResponses.error;

/**
 * How every totp-guard admin endpoint reads its request: the user of the path ({@link #user}), the query parameters
 * ({@link #max}, {@link #keepSessions}, {@link #flag}) and a JSON body ({@link #body}, {@link #STRICT_JSON},
 * {@link #MALFORMED_JSON}, {@link #unknownField}). Bad input is refused with a status and a message that names the
 * parameter or field, and never quotes the input (a body may hold a seed).
 */
final class AdminRequests {

    static final int DEFAULT_MAX = 100;
    static final int MAX_MAX = 1000;

    /**
     * Strict JSON for request bodies: a duplicated field, an unknown field (a typo such as {@code "digit"} would
     * otherwise silently import with the default), a fraction for a number or anything after the object is refused.
     */
    static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** The refusal of a body {@link #STRICT_JSON} cannot read (Jackson's own messages quote the input). */
    static final String MALFORMED_JSON = "malformed JSON (a field given twice, a syntax error, or text after the object)";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AdminRequests(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** Like Keycloak's own user endpoints: 404 for a caller who may list users, 403 otherwise (no probing for ids). */
    UserModel user(String userId) {
        UserModel user = userId == null || userId.isBlank() ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            if (auth.users().canQuery()) {
                throw error(Response.Status.NOT_FOUND, "User not found");
            }
            throw new ForbiddenException();
        }
        return user;
    }

    /** {@code max}: absent or blank is {@value #DEFAULT_MAX}; a whole number from 0 to {@value #MAX_MAX}, else 400. */
    static int max(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX;
        }
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) > MAX_MAX) {
            throw error(Response.Status.BAD_REQUEST, "max must be a whole number from 0 to " + MAX_MAX);
        }
        return Integer.parseInt(value);
    }

    /**
     * {@code keepSessions}: absent (an empty value arrives as absent) or {@code false} ends the sessions, {@code true}
     * keeps them, anything else is refused.
     */
    static boolean keepSessions(String value) {
        if (value == null || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw error(Response.Status.BAD_REQUEST, "keepSessions must be true or false");
    }

    /**
     * A yes-or-no query parameter such as {@code dryRun} or {@code force}: absent is no, {@code false} (any case,
     * surrounding blanks ignored) is no, anything else is yes.
     */
    static boolean flag(String value) {
        return value != null && !"false".equalsIgnoreCase(value.strip());
    }

    /**
     * The body's bytes, at most {@code maxBytes + 1} of them (so that the caller can tell a body that is too large);
     * none for no body. 400 when it cannot be read.
     */
    static byte[] body(InputStream body, int maxBytes) {
        try {
            return body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw error(Response.Status.BAD_REQUEST, "the request body could not be read");
        }
    }

    /** The refusal of a field not in {@code known}: it names the field only when the name is a plain short word. */
    static String unknownField(String name, List<String> known) {
        return "unknown field" + (name != null && name.matches("[A-Za-z0-9_]{1,40}") ? " '" + name + "'" : "")
                + "; known: " + String.join(", ", known);
    }
}
