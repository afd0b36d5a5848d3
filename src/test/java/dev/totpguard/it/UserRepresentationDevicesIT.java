package dev.totpguard.it;

import java.util.List;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's own admin REST (create user, partial import) with a {@code totp-guard} credential in the representation:
 * a clear 400 that says how to provision a device instead, and no half-created user left behind.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class UserRepresentationDevicesIT {

    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void createUserWithADeviceIsRefusedWith400AndNoUserIsLeft() {
        for (CredentialRepresentation device : List.of(plainDevice(), deviceWithoutData())) {
            UserRepresentation user = DemoRealm.newUser("rep");
            user.setCredentials(List.of(device));
            try (Response response = realm.admin().users().create(user)) {
                String body = response.readEntity(String.class);
                assertEquals(400, response.getStatus(), () -> "create user with a totp-guard credential: " + body);
                assertTrue(body.contains("/totp-guard/users/") && body.contains("/devices"),
                        () -> "the message names the import endpoint: " + body);
                AdminApi.assertNoSecret("error", body, List.of(SEED));
            }
            assertTrue(realm.admin().users().search(user.getUsername(), true).isEmpty(), "no half-created user");
        }
    }

    @Test
    void partialImportOfAUserWithADeviceIsRefusedWith400AndImportsNothing() {
        UserRepresentation user = DemoRealm.newUser("partial");
        user.setCredentials(List.of(plainDevice()));
        PartialImportRepresentation rep = new PartialImportRepresentation();
        rep.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
        rep.setUsers(List.of(user));
        try (Response response = realm.admin().partialImport(rep)) {
            String body = response.readEntity(String.class);
            assertEquals(400, response.getStatus(), () -> "partial import with a totp-guard credential: " + body);
            assertTrue(body.contains("/totp-guard/users/") && body.contains("/devices"),
                    () -> "the message names the import endpoint: " + body);
            AdminApi.assertNoSecret("error", body, List.of(SEED));
        }
        assertTrue(realm.admin().users().search(user.getUsername(), true).isEmpty(), "no half-imported user");
    }

    /** What someone might send: the public data of a device and a plaintext seed. */
    private static CredentialRepresentation plainDevice() {
        CredentialRepresentation device = new CredentialRepresentation();
        device.setType(DemoRealm.TYPE);
        device.setUserLabel("phone");
        device.setCredentialData("{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":0}");
        device.setSecretData("{\"seed\":\"" + SEED + "\"}");
        return device;
    }

    /**
     * A bare seed and no credential data. (Not in {@code value}: Keycloak takes the {@code value} of any credential
     * representation, whatever its type, as a new password, and never asks the type's provider.)
     */
    private static CredentialRepresentation deviceWithoutData() {
        CredentialRepresentation device = new CredentialRepresentation();
        device.setType(DemoRealm.TYPE);
        device.setSecretData(SEED);
        return device;
    }
}
