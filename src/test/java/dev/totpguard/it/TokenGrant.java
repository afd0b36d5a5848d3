package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OAuth 2.0 password grant ({@code grant_type=password}) at a realm's token endpoint, as a script or a legacy app
 * would send it, through the realm's {@code admin-cli} client (public, direct grants on in every realm). The reply is
 * never printed whole by the tests: a code travels in the request only.
 */
final class TokenGrant {

    /** Keycloak creates it in every realm: public, direct access grants enabled. */
    static final String CLIENT = "admin-cli";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenGrant() {
    }

    /** Username and password (= username) only. */
    static Reply password(String realmUrl, String username) {
        return password(realmUrl, username, Map.of());
    }

    /** Username and password (= username), plus {@code extra} form fields ({@code totp}, {@code otp}…). */
    static Reply password(String realmUrl, String username, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("username", username);
        form.put("password", username);
        form.put("scope", "openid");
        form.putAll(extra);
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(Browser.query(form)))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One token endpoint response. */
    record Reply(int status, String body) {

        boolean hasTokens() {
            return status == 200 && json().hasNonNull("access_token");
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
