package dev.totpguard.admin;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST export-to-otp}: {@code dryRun} (required, so that nobody writes plaintext seeds by leaving
 * it out), {@code userId} (optional: one user instead of the realm), {@code removeTotpGuard} and {@code force}
 * (optional, false). Strict JSON: an unknown or repeated field, a value of the wrong type or text after the object is
 * refused with a message naming the field.
 */
record ExportRequest(boolean dryRun, String userId, boolean removeTotpGuard, boolean force) {

    static final int MAX_BODY_BYTES = 4 * 1024;
    static final Set<String> FIELDS = Set.of("dryRun", "userId", "removeTotpGuard", "force");

    /**
     * @throws IllegalArgumentException with a message for the caller (never quoting the body)
     */
    static ExportRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("a JSON body is required: {\"dryRun\": true|false, \"userId\": optional,"
                    + " \"removeTotpGuard\": optional, \"force\": optional}");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the request body is larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        JsonNode root;
        try {
            root = TotpGuardAdminResource.IMPORT_JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON (a field given twice, a syntax error, or text after the object)");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field" + (name.matches("[A-Za-z0-9_]{1,40}") ? " '" + name + "'" : "")
                        + "; known: dryRun, userId, removeTotpGuard, force");
            }
        }
        if (!root.has("dryRun")) {
            throw new IllegalArgumentException("dryRun is required: true to see what would happen, false to export");
        }
        JsonNode userId = root.get("userId");
        if (userId != null && !userId.isNull() && (!userId.isTextual() || userId.asText().isBlank())) {
            throw new IllegalArgumentException("field 'userId' must be a user id (text), or left out for every user");
        }
        return new ExportRequest(bool(root, "dryRun"), userId == null || userId.isNull() ? null : userId.asText(),
                bool(root, "removeTotpGuard"), bool(root, "force"));
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }
}
