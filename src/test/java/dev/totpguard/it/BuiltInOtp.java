package dev.totpguard.it;

import java.util.List;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Keycloak's built-in OTP ({@code otp} credentials), as the migration, adoption and exit tests set it up and read it. */
final class BuiltInOtp {

    /** A TOTP credential's data with Keycloak's default parameters, as Keycloak stores it. */
    static final String TOTP = totp(null);
    /** The same for an HOTP credential (counter based, which totp-guard does not take over). */
    static final String HOTP = "{\"subType\":\"hotp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}";

    private BuiltInOtp() {
    }

    /** A TOTP credential's data with Keycloak's default parameters and, unless {@code null}, its secret's encoding. */
    static String totp(String secretEncoding) {
        return "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\""
                + (secretEncoding == null ? "" : ",\"secretEncoding\":\"" + secretEncoding + "\"") + "}";
    }

    /**
     * A new user (password = username, realm role admin if asked) with a credential of Keycloak's built-in OTP, created
     * as Keycloak stores it: {@code secret} as the secret data's value, {@code credentialData}, {@code label} (or none).
     */
    static String user(RealmResource realm, String prefix, boolean admin, String secret, String credentialData, String label) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel(label);
        otp.setSecretData("{\"value\":\"" + secret + "\"}");
        otp.setCredentialData(credentialData);
        String username = DemoRealm.createUser(realm, prefix, admin, otp);
        assertFalse(credentials(realm, username).isEmpty(), "the built-in OTP credential was created");
        return username;
    }

    /** The user's built-in OTP credentials. */
    static List<CredentialRepresentation> credentials(RealmResource realm, String username) {
        return DemoRealm.credentials(realm, username, "otp");
    }
}
