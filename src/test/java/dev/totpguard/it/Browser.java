package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A minimal browser for one login session against the demo realm: keeps cookies (ignoring {@code Secure}, as browsers do
 * on localhost; by path, so that two realms' cookies of the same name live side by side, as an identity provider realm
 * and the realm that brokers it do), follows redirects until the page or the redirect back to the client (across realms
 * of the same server too), submits forms. PKCE S256 like demo-app.
 */
final class Browser {

    static final String CLIENT_ID = "demo-app";
    static final String REDIRECT_URI = "http://localhost:3000/";
    /** The demo realm's second client: every sign-in at ACR gold. */
    static final String ADMIN_PORTAL = "admin-portal";
    static final String ADMIN_PORTAL_REDIRECT_URI = "http://localhost:3001/";
    private static final List<String> CLIENT_REDIRECTS = List.of(REDIRECT_URI, ADMIN_PORTAL_REDIRECT_URI);

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String realmUrl;
    /** By path and name: {@code path + "\n" + name}; a cookie without a path is sent everywhere ({@code /}). */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String codeVerifier;
    /** The client of the last authorization request (one browser, one cookie jar, several clients). */
    private String clientId = CLIENT_ID;
    private String redirectUri = REDIRECT_URI;

    Browser(String realmUrl) {
        this.realmUrl = realmUrl;
        byte[] verifier = new byte[32];
        RANDOM.nextBytes(verifier);
        this.codeVerifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifier);
    }

    /** Opens demo-app's authorization request; extra query parameters (acr_values…) may be given. */
    Page openLogin(String... extraParams) {
        return openLoginAt(CLIENT_ID, REDIRECT_URI, extraParams);
    }

    /** Opens an authorization request of another client, in the same browser (same SSO cookies). */
    Page openLoginAt(String clientId, String redirectUri, String... extraParams) {
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        StringBuilder url = new StringBuilder(realmUrl).append("/protocol/openid-connect/auth?")
                .append(query(Map.of(
                        "client_id", clientId,
                        "response_type", "code",
                        "scope", "openid",
                        "redirect_uri", redirectUri,
                        "code_challenge", challenge(codeVerifier),
                        "code_challenge_method", "S256",
                        "state", Long.toHexString(RANDOM.nextLong()))));
        for (int i = 0; i + 1 < extraParams.length; i += 2) {
            url.append('&').append(enc(extraParams[i])).append('=').append(enc(extraParams[i + 1]));
        }
        return follow(send(HttpRequest.newBuilder(URI.create(url.toString())).GET()));
    }

    /** Opens {@code url} (a link from a page or a mail) in this browser. */
    Page open(String url) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    /** Signs in on the sign-in page {@code login} with {@code username} and its password (= username, as the tests set it). */
    Page submitPassword(Page login, String username) {
        return submit(login, Map.of("username", username, "password", username));
    }

    /** Posts {@code fields} to the page's form. */
    Page submit(Page page, Map<String, String> fields) {
        return submitRaw(page, query(fields));
    }

    /** Posts {@code fields} to the page's form with id {@code formId} (pages with several forms). */
    Page submitForm(Page page, String formId, Map<String, String> fields) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(page.formAction(formId)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(fields)));
        return follow(send(request));
    }

    /** Posts a hand-made body (duplicated fields, raw bytes…) to the page's form. */
    Page submitRaw(Page page, String urlEncodedBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(page.formAction()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncodedBody));
        return follow(send(request));
    }

    /** Exchanges the authorization code of the final redirect for tokens. */
    JsonNode exchange(Page redirect) {
        String code = redirect.authorizationCode().orElseThrow(() -> new AssertionError("no authorization code: " + redirect));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(Map.of(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", redirectUri,
                        "client_id", clientId,
                        "code_verifier", codeVerifier))));
        Page response = send(request);
        if (response.status() != 200) {
            throw new AssertionError("token exchange failed: " + response.status() + " " + response.body());
        }
        try {
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code acr} of the ID token that the final redirect's authorization code is exchanged for. */
    String acr(Page redirect) {
        return idToken(exchange(redirect)).path("acr").asText(null);
    }

    /** The claims of the token response's ID token (signature not checked: the token came straight from Keycloak). */
    static JsonNode idToken(JsonNode tokens) {
        String[] parts = tokens.get("id_token").asText().split("\\.");
        try {
            return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Page follow(Page page) {
        for (int hops = 0; hops < 10; hops++) {
            if (page.status() < 300 || page.status() >= 400 || page.location() == null
                    || CLIENT_REDIRECTS.stream().anyMatch(page.location()::startsWith)) {
                return page;
            }
            URI next = page.uri().resolve(page.location());
            page = send(HttpRequest.newBuilder(next).GET());
        }
        throw new AssertionError("too many redirects");
    }

    private Page send(HttpRequest.Builder builder) {
        HttpRequest unsent = builder.copy().build();
        String requestPath = unsent.uri().getPath() == null || unsent.uri().getPath().isEmpty() ? "/" : unsent.uri().getPath();
        String header = cookies.entrySet().stream()
                .filter(e -> requestPath.startsWith(e.getKey().substring(0, e.getKey().indexOf('\n'))))
                .map(e -> e.getKey().substring(e.getKey().indexOf('\n') + 1) + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        if (!header.isEmpty()) {
            builder.header("Cookie", header);
        }
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = Http.send(request);
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String[] parts = setCookie.split(";");
            String pair = parts[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String path = "/";
                for (int i = 1; i < parts.length; i++) {
                    String attribute = parts[i].strip();
                    if (attribute.regionMatches(true, 0, "Path=", 0, 5) && attribute.length() > 5) {
                        path = attribute.substring(5);
                    }
                }
                String key = path + "\n" + pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(key);
                } else {
                    cookies.put(key, value);
                }
            }
        }
        return new Page(request.uri(), response.statusCode(), response.body(), response.headers().map());
    }

    /** The value of one cookie this browser holds (of any path), or {@code null}. */
    String cookie(String name) {
        return cookies.entrySet().stream().filter(e -> e.getKey().endsWith("\n" + name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** Plants a cookie (e.g. one stolen from another browser), sent on every request, instead of any of that name. */
    void cookie(String name, String value) {
        cookies.keySet().removeIf(key -> key.endsWith("\n" + name));
        cookies.put("/\n" + name, value);
    }

    /** The cookies this browser would send now, as a {@code Cookie} header value (for requests sent in parallel). */
    String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey().substring(e.getKey().indexOf('\n') + 1) + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    static String query(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** One response. */
    record Page(URI uri, int status, String body, Map<String, List<String>> headers) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        String location() {
            return header("Location");
        }

        boolean isRedirectToClient() {
            return status() == 302 && location() != null && CLIENT_REDIRECTS.stream().anyMatch(location()::startsWith);
        }

        Optional<String> authorizationCode() {
            if (!isRedirectToClient()) {
                return Optional.empty();
            }
            Matcher m = Pattern.compile("[?&]code=([^&]+)").matcher(location());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        String formAction() {
            Matcher m = FORM_ACTION.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no form on page " + uri + " (" + status + "): " + title());
            }
            return m.group(1).replace("&amp;", "&");
        }

        /** The action of the form with id {@code formId}. */
        String formAction(String formId) {
            return form(formId).find("<form[^>]*\\saction=\"([^\"]+)\"").map(action -> action.replace("&amp;", "&"))
                    .orElseThrow(() -> new AssertionError("form " + formId + " has no action"));
        }

        /** The hidden fields of the form with id {@code formId}, by name (values unescaped). */
        Map<String, String> hiddenFields(String formId) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>").matcher(form(formId).body());
            while (m.find()) {
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(m.group());
                Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(m.group());
                if (name.find()) {
                    fields.put(name.group(1), value.find() ? unescape(value.group(1)) : "");
                }
            }
            return fields;
        }

        /** Just the form with id {@code formId}, as a page of its own. */
        private Page form(String formId) {
            Matcher m = Pattern.compile("<form[^>]*\\sid=\"" + Pattern.quote(formId) + "\".*?</form>", Pattern.DOTALL).matcher(body);
            if (!m.find()) {
                throw new AssertionError("no form " + formId + " on page " + uri + " (" + status + "): " + title());
            }
            return new Page(uri, status, m.group(), headers);
        }

        private static String unescape(String html) {
            return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }

        /** The first match of {@code regex}'s group 1. */
        Optional<String> find(String regex) {
            Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(body);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        String title() {
            return find("<title>(.*?)</title>").orElse("");
        }

        /** Keycloak's sign-in page with a password field (200: shown, not an error page or a redirect). */
        boolean isPasswordPage() {
            return status == 200 && body.contains("name=\"password\"");
        }

        boolean isEnrollment() {
            return body.contains("id=\"kc-totp-guard-enroll-form\"");
        }

        boolean isCodePrompt() {
            return body.contains("id=\"kc-totp-guard-login-form\"");
        }

        /** The error shown on the code field, if any. */
        Optional<String> codeError() {
            return find("id=\"input-error-otp\"[^>]*>\\s*(.*?)\\s*</span>");
        }

        @Override
        public String toString() {
            return status + " " + uri + " " + title() + (location() == null ? "" : " -> " + location());
        }
    }
}
