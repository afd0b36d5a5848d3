package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls the totp-guard admin REST API over plain HTTP with bearer tokens of realm users, so that permission checks are
 * those of real callers: staff with realm-management roles, an ordinary user, nobody.
 */
final class AdminApi {

    /** A public client with direct grants, created by the tests (the demo's client has standard flow only). */
    static final String CLI = "totp-guard-it-cli";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String realmName;
    private final String baseUrl;

    AdminApi(String realmName) {
        this(realmName, TotpGuardServerConfig.BASE_URL);
    }

    /** The API of a realm on another server (e.g. {@link KeycloakProcess}). */
    AdminApi(String realmName, String baseUrl) {
        this.realmName = realmName;
        this.baseUrl = baseUrl;
    }

    /** A master-realm admin token (bootstrap admin {@code admin}/{@code admin}) from admin-cli. */
    String masterAdminToken() {
        TokenGrant.Reply reply = TokenGrant.password(baseUrl + "/realms/master", "admin");
        assertTrue(reply.hasTokens(), () -> "master admin token: " + reply);
        return reply.accessToken();
    }

    /** Calls {@code /admin/realms/{realm}/totp-guard/{path}} with a JSON body. */
    Reply call(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/"
                + realmName + "/totp-guard/" + path)).header("Accept", "application/json")
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        return send(request);
    }

    /** One HTTP response. */
    record Reply(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        boolean isJson() {
            return contentType != null && contentType.startsWith("application/json");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Creates {@value #CLI} unless it exists. */
    static void ensureClient(RealmResource realm) {
        if (!realm.clients().findByClientId(CLI).isEmpty()) {
            return;
        }
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLI);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(false);
        created(realm.clients().create(client), "create " + CLI);
    }

    /** Fails unless Keycloak's admin client got 201 Created; closes the response. */
    static void created(Response response, String what) {
        try (response) {
            assertEquals(201, response.getStatus(), what);
        }
    }

    /** The access token of a new staff user with the given realm-management roles (creates {@value #CLI} if needed). */
    static String staffToken(ManagedRealm realm, String prefix, String... realmManagementRoles) {
        ensureClient(realm.admin());
        return new AdminApi(realm.getName()).token(staffUser(realm.admin(), prefix, realmManagementRoles));
    }

    /** A new user (password = username) with the given roles of the realm-management client. */
    static String staffUser(RealmResource realm, String prefix, String... realmManagementRoles) {
        String username = DemoRealm.createUser(realm, prefix, false);
        if (realmManagementRoles.length > 0) {
            String clientId = realm.clients().findByClientId("realm-management").get(0).getId();
            ClientResource client = realm.clients().get(clientId);
            List<RoleRepresentation> roles = java.util.Arrays.stream(realmManagementRoles)
                    .map(r -> client.roles().get(r).toRepresentation()).toList();
            realm.users().get(DemoRealm.userId(realm, username)).roles().clientLevel(clientId).add(roles);
        }
        return username;
    }

    /** An access token of {@code username} (password = username) from {@value #CLI}. */
    String token(String username) {
        TokenGrant.Reply reply = TokenGrant.password(baseUrl + "/realms/" + realmName, CLI, username, Map.of());
        assertTrue(reply.hasTokens(), () -> "token for " + username + ": " + reply);
        return reply.accessToken();
    }

    /** The user's status ({@code GET users/{userId}}: devices, lock states, pending enrollment); fails unless 200. */
    JsonNode status(String userId, String token) {
        Reply reply = call("GET", "users/" + userId, token);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** The status of the user's one device; fails unless the user has exactly one. */
    JsonNode device(String userId, String token) {
        JsonNode devices = status(userId, token).get("devices");
        assertEquals(1, devices.size(), devices::toString);
        return devices.get(0);
    }

    /** The status of the user's device {@code credentialId}; fails if it is not listed. */
    JsonNode device(String userId, String credentialId, String token) {
        JsonNode status = status(userId, token);
        return find(status.get("devices"), "id", credentialId).orElseThrow(() -> new AssertionError("device not listed: " + status));
    }

    /** The first element of the JSON array whose {@code field} is {@code value} (as text). */
    static Optional<JsonNode> find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText(null))) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** {@code method} on {@code /admin/realms/{realm}/totp-guard/{path}}; {@code token} may be {@code null}. */
    Reply call(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/"
                + realmName + "/totp-guard/" + path)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, HttpRequest.BodyPublishers.noBody());
        return send(request);
    }

    static Reply get(String url, String token) {
        return get(url, token, "application/json");
    }

    static Reply get(String url, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET());
    }

    /** {@code DELETE} with a bearer token (the Account REST API with a user's access token). */
    static Reply delete(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token).DELETE());
    }

    /** {@code POST} of a JSON body with a bearer token (Keycloak's own admin REST API). */
    static Reply post(String url, String token, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** {@code PUT} of a JSON body with a bearer token (Keycloak's own admin REST API, the Account REST API). */
    static Reply put(String url, String token, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    private static Reply send(HttpRequest.Builder builder) {
        HttpResponse<String> response = Http.send(builder.timeout(Duration.ofSeconds(30)).build());
        return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(null));
    }

    /** The realm's admin events under {@code users/{userId}/totp-guard}, newest first. */
    static List<AdminEventRepresentation> adminEvents(RealmResource realm, String userId) {
        return realm.getAdminEvents(null, null, null, null, null, "users/" + userId + "/totp-guard*",
                null, null, 0, 100);
    }

    /** The user's newest admin event at {@code users/{userId}/totp-guard/{path}}; fails if there is none. */
    static AdminEventRepresentation adminEvent(RealmResource realm, String userId, String path) {
        String resource = "users/" + userId + "/totp-guard/" + path;
        return adminEvents(realm, userId).stream().filter(e -> resource.equals(e.getResourcePath())).findFirst()
                .orElseThrow(() -> new AssertionError("no admin event at " + resource));
    }

    static JsonNode representation(AdminEventRepresentation event) {
        assertTrue(event.getRepresentation() != null, "the admin event carries a representation");
        try {
            return JSON.readTree(event.getRepresentation());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails if any secret appears as a whole token in {@code text}. */
    static void assertNoSecret(String what, String text, List<String> secrets) {
        for (String secret : secrets) {
            Pattern token = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])", Pattern.CASE_INSENSITIVE);
            assertFalse(token.matcher(text).find(), what + " contains a secret");
        }
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("secretdata"), what + " mentions secretData");
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("\"seed\""), what + " has a seed field");
    }
}
