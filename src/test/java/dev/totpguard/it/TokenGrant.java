package dev.totpguard.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A realm's OpenID Connect endpoints as a script or a legacy app calls them: the OAuth 2.0 password grant
 * ({@code grant_type=password}), by default through the realm's {@code admin-cli} client (public, direct grants on in
 * every realm), the refresh grant, and the logout with a refresh token. The reply is never printed whole by the tests:
 * a code travels in the request only.
 */
final class TokenGrant {

    /** Keycloak creates it in every realm: public, direct access grants enabled. */
    static final String CLIENT = "admin-cli";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenGrant() {
    }

    /** Username and password (= username) only. */
    static Reply password(String realmUrl, String username) {
        return password(realmUrl, username, Map.of());
    }

    /** Username and password (= username), plus {@code extra} form fields ({@code totp}, {@code otp}…). */
    static Reply password(String realmUrl, String username, Map<String, String> extra) {
        return password(realmUrl, CLIENT, username, extra);
    }

    /** The same through the public client {@code clientId}. */
    static Reply password(String realmUrl, String clientId, String username, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", username);
        form.put("scope", "openid");
        form.putAll(extra);
        return post(realmUrl + "/protocol/openid-connect/token", form, Duration.ofSeconds(60));
    }

    /** The refresh grant of the public client {@code clientId}. */
    static Reply refresh(String realmUrl, String clientId, String refreshToken) {
        return post(realmUrl + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", clientId), Duration.ofSeconds(30));
    }

    /** The OIDC logout of a public client's session with its refresh token (as an application signs its user out). */
    static Reply logout(String realmUrl, String clientId, String refreshToken) {
        return post(realmUrl + "/protocol/openid-connect/logout", Map.of("client_id", clientId,
                "refresh_token", refreshToken), Duration.ofSeconds(30));
    }

    private static Reply post(String url, Map<String, String> form, Duration timeout) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(Browser.query(form)))
                .build());
        return new Reply(response.statusCode(), response.body());
    }

    /** One token endpoint response. */
    record Reply(int status, String body) {

        boolean hasTokens() {
            return status == 200 && json().hasNonNull("access_token");
        }

        String accessToken() {
            if (!hasTokens()) {
                throw new AssertionError("no access token: " + this);
            }
            return json().get("access_token").asText();
        }

        /** The OAuth error code ({@code invalid_grant}…), or {@code null}. */
        String error() {
            JsonNode error = json().get("error");
            return error == null ? null : error.asText();
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + ")", e);
            }
        }

        /** Status and error fields only: never a token. */
        @Override
        public String toString() {
            if (status == 200) {
                return "200 (tokens)";
            }
            try {
                JsonNode json = JSON.readTree(body);
                return status + " error=" + json.path("error").asText(null)
                        + " error_description=" + json.path("error_description").asText(null);
            } catch (IOException e) {
                return status + " (not JSON, " + body.length() + " characters)";
            }
        }
    }
}
