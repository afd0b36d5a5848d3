package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.models.utils.Base32;

/**
 * The benchmark's server side, made through Keycloak's admin REST API only: two realms that differ only in the second
 * factor of their browser flow (Keycloak's {@code auth-otp-form} or our {@code totp-guard-form}), one public client,
 * and users whose seeds the load driver knows: built-in OTP credentials in one realm, devices imported through our
 * admin API in the other.
 */
final class LoadSetup {

    static final String BUILTIN = "bench-builtin";
    static final String GUARD = "bench-guard";
    static final String CLIENT_ID = "bench-app";
    static final String REDIRECT_URI = "http://localhost:3000/";
    private static final String FLOW = "bench browser";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String baseUrl;
    /** The master admin's access token (60 s lifetime): fetched again when a call gets 401. */
    private volatile String token;

    LoadSetup(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Both realms, each with {@code users} users; returns the users of each realm, built-in first. */
    List<List<LoadUser>> create(int users) throws Exception {
        token = masterToken();
        List<List<LoadUser>> result = new ArrayList<>();
        for (String realm : List.of(BUILTIN, GUARD)) {
            realm(realm, BUILTIN.equals(realm) ? "auth-otp-form" : "totp-guard-form");
            result.add(users(realm, users));
        }
        return result;
    }

    private void realm(String realm, String secondFactor) {
        expect(201, send("POST", "/admin/realms", "{\"realm\":\"" + realm + "\",\"enabled\":true}"));
        String flows = "/admin/realms/" + realm + "/authentication/flows";
        expect(201, send("POST", flows, "{\"alias\":\"" + FLOW + "\",\"providerId\":\"basic-flow\",\"topLevel\":true,"
                + "\"builtIn\":false,\"description\":\"password, then " + secondFactor + "\"}"));
        String executions = flows + "/" + FLOW.replace(" ", "%20") + "/executions";
        for (String provider : List.of("auth-username-password-form", secondFactor)) {
            expect(201, send("POST", executions + "/execution", "{\"provider\":\"" + provider + "\"}"));
        }
        for (JsonNode execution : json(expect(200, send("GET", executions, null)))) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) execution).put("requirement", "REQUIRED");
            expect(204, send("PUT", executions, execution.toString()));
        }
        expect(204, send("PUT", "/admin/realms/" + realm, "{\"browserFlow\":\"" + FLOW + "\"}"));
        expect(201, send("POST", "/admin/realms/" + realm + "/clients", "{\"clientId\":\"" + CLIENT_ID + "\","
                + "\"publicClient\":true,\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,"
                + "\"redirectUris\":[\"" + REDIRECT_URI + "*\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\"}}"));
    }

    private List<LoadUser> users(String realm, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LoadUser>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String username = String.format(java.util.Locale.ROOT, "load-%04d", i);
                futures.add(pool.submit(() -> BUILTIN.equals(realm) ? builtinUser(realm, username) : guardUser(realm, username)));
            }
            List<LoadUser> users = new ArrayList<>();
            for (Future<LoadUser> future : futures) {
                users.add(future.get());
            }
            return users;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A built-in OTP credential: Keycloak keeps the secret as a string and uses its UTF-8 bytes as the HMAC key. */
    private LoadUser builtinUser(String realm, String username) {
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            secret.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        String body = "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@example.com\","
                + "\"emailVerified\":true,\"firstName\":\"Load\",\"lastName\":\"" + username + "\",\"credentials\":["
                + "{\"type\":\"password\",\"value\":\"" + username + "\",\"temporary\":false},"
                + "{\"type\":\"otp\",\"userLabel\":\"phone\",\"secretData\":\"{\\\"value\\\":\\\"" + secret + "\\\"}\","
                + "\"credentialData\":\"{\\\"subType\\\":\\\"totp\\\",\\\"digits\\\":6,\\\"counter\\\":0,\\\"period\\\":30,"
                + "\\\"algorithm\\\":\\\"HmacSHA1\\\"}\"}]}";
        expect(201, send("POST", "/admin/realms/" + realm + "/users", body));
        return new LoadUser(username, secret.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A device imported through our admin API (sealed under the primary key). */
    private LoadUser guardUser(String realm, String username) {
        String body = "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@example.com\","
                + "\"emailVerified\":true,\"firstName\":\"Load\",\"lastName\":\"" + username + "\",\"credentials\":["
                + "{\"type\":\"password\",\"value\":\"" + username + "\",\"temporary\":false}]}";
        HttpResponse<String> created = expect(201, send("POST", "/admin/realms/" + realm + "/users", body));
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        byte[] seed = new byte[20];
        RANDOM.nextBytes(seed);
        expect(201, send("POST", "/admin/realms/" + realm + "/totp-guard/users/" + id + "/devices",
                "{\"seed\":\"" + Base32.encode(seed).replace("=", "") + "\"}"));
        return new LoadUser(username, seed);
    }

    private String masterToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build();
        return json(expect(200, call(request))).get("access_token").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpResponse<String> response = sendOnce(method, path, body);
        if (response.statusCode() == 401) {
            token = masterToken();
            response = sendOnce(method, path, body);
        }
        return response;
    }

    private HttpResponse<String> sendOnce(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return call(request.build());
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Writes a file, creating its directory. */
    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
