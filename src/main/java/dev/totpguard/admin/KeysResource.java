package dev.totpguard.admin;

import java.util.Map;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.guard.SeedUnavailableException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

/**
 * {@code /admin/realms/{realm}/totp-guard/keys}: the seed keys in use and the re-encryption of the realm's devices
 * under the primary key ({@link SeedVault}). Never key material in an answer or event.
 */
public final class KeysResource extends AdminEndpoint {

    KeysResource(AdminEndpoint parent) {
        super(parent);
    }

    /** The seed keys in use (ids only, never key material) and how many devices each key protects. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response keys() {
        auth.realm().requireViewRealm();
        SeedVault vault = credentials.vault();
        return AdminResponses.json(Response.Status.OK, new KeyStatus(vault.primaryKeyId().orElse(null),
                vault.keysProblem().orElse(null), vault.devicesByKey(realm)));
    }

    /**
     * Keys as {@code GET keys} reports them; {@code problem} says why none are loaded. {@code devicesByKey} counts devices
     * per key id; {@value SeedVault#UNSEALED} counts devices whose seed is not sealed by our keys (refused at sign-in).
     */
    public record KeyStatus(String primaryKeyId, String problem, Map<String, Long> devicesByKey) {
    }

    /**
     * Re-encrypts every sealed device of the realm under the primary key, after a key was added; reports counts
     * (unsealed devices are counted and left alone: see {@link DevicesResource#seal}). Needs manage-realm. Admin event ACTION
     * {@code totp-guard/keys/reencrypt}.
     */
    @POST
    @Path("reencrypt")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reencrypt() {
        auth.realm().requireManageRealm();
        SeedVault.ReencryptReport report;
        try {
            report = credentials.vault().reencrypt(realm);
        } catch (SeedUnavailableException e) {
            throw AdminResponses.seedKeysUnavailable(e);
        }
        AdminAudit.sendRealm(adminEvent, OperationType.ACTION, report, "keys", "reencrypt");
        return AdminResponses.json(Response.Status.OK, report);
    }
}
