package dev.totpguard.remember;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.events.Details;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Admin events for revoking remembered browsers through the admin API: resource type {@code USER}, path
 * {@code users/{userId}/totp-guard/remembered-browsers[/{id}]}, operation {@code DELETE}, a representation naming the
 * records (id and browser description; never a token or hash).
 */
public final class RememberAudit {

    private RememberAudit() {
    }

    /** The representation of the event. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Representation(String credentialType, String action, List<RememberedBrowser> revoked) {
    }

    public static void revoked(AdminEventBuilder builder, String userId, List<RememberedBrowser> revoked, String... subPath) {
        List<String> path = new ArrayList<>(List.of("users", userId, "totp-guard", "remembered-browsers"));
        path.addAll(List.of(subPath));
        builder.resource(ResourceType.USER)
                .operation(OperationType.DELETE)
                .resourcePath(path.toArray(String[]::new))
                .representation(new Representation(RememberedBrowsers.TYPE, "revoke-remembered-browsers", List.copyOf(revoked)))
                .detail(Details.CREDENTIAL_TYPE, RememberedBrowsers.TYPE)
                .success();
    }
}
