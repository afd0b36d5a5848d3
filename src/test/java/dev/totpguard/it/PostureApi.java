package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code GET …/totp-guard/posture} of a test realm, as the posture tests read it. */
final class PostureApi {

    private PostureApi() {
    }

    /** The posture, read by the master admin; fails unless 200. */
    static JsonNode posture(ManagedRealm realm) {
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply reply = api.call("GET", "posture", api.masterAdminToken());
        assertEquals(200, reply.status(), reply::toString);
        System.out.println("[figures] posture of " + realm.getName() + ": " + reply.body());
        return reply.json();
    }

    /** The entry of one way in; fails if there is none. */
    static JsonNode way(JsonNode posture, String name) {
        return AdminApi.find(posture.get("ways"), "way", name).orElseThrow(() -> new AssertionError("no way " + name + " in " + posture));
    }

    /** The names of the ways in a list of ways ({@code [{"way": …}, …]}, as the posture, migration and export list them). */
    static List<String> wayNames(JsonNode ways) {
        assertNotNull(ways, "a list of ways");
        List<String> names = new ArrayList<>();
        ways.forEach(w -> names.add(w.get("way").asText()));
        return names;
    }

    static String verdict(JsonNode posture, String name) {
        return way(posture, name).get("verdict").asText();
    }

    /** The {@code problem} codes listed. */
    static List<String> problems(JsonNode posture) {
        List<String> codes = new ArrayList<>();
        posture.get("problems").forEach(p -> codes.add(p.get("problem").asText()));
        return codes;
    }

    /** Realm role {@code admin}, as the demo realm has it. */
    static void adminRole(RealmResource realm) {
        RoleRepresentation role = new RoleRepresentation();
        role.setName("admin");
        realm.roles().create(role);
    }
}
