package dev.totpguard.admin;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST export-to-otp}: {@code dryRun} (required, so that nobody writes plaintext seeds by leaving
 * it out), {@code userId} (optional: one user instead of the realm), {@code removeTotpGuard} and {@code force}
 * (optional, false). Strict JSON: an unknown or repeated field, a value of the wrong type or text after the object is
 * refused with a message naming the field.
 */
record ExportRequest(boolean dryRun, String userId, boolean removeTotpGuard, boolean force) {

    static final int MAX_BODY_BYTES = 4 * 1024;
    /** The fields, in the order a refusal lists them. */
    static final List<String> FIELDS = List.of("dryRun", "userId", "removeTotpGuard", "force");

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
            root = AdminRequests.STRICT_JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(AdminRequests.MALFORMED_JSON);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(AdminRequests.unknownField(name, FIELDS));
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
