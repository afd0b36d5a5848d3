package dev.totpguard.exit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import dev.totpguard.otp.Totp;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.dto.OTPCredentialData;

/** What the export asks of a user's Keycloak built-in OTP credentials: an earlier export, a free label. */
final class BuiltInCredentials {

    private BuiltInCredentials() {
    }

    /** Whether a built-in credential holds {@code seed} (constant-time comparison; an unreadable secret holds none). */
    static boolean sameSeed(OTPCredentialModel builtIn, byte[] seed) {
        byte[] other;
        try {
            other = builtIn.getDecodedSecret();
        } catch (RuntimeException e) {
            return false;
        }
        try {
            return MessageDigest.isEqual(other, seed);
        } finally {
            Arrays.fill(other, (byte) 0);
        }
    }

    /** Whether a built-in TOTP credential computes the same codes as {@code totp}. */
    static boolean sameParameters(OTPCredentialData data, Totp totp) {
        return OTPCredentialModel.TOTP.equals(data.getSubType()) && data.getDigits() == totp.digits()
                && data.getPeriod() == totp.periodSeconds()
                && totp.algorithm().macName().equalsIgnoreCase(data.getAlgorithm());
    }

    /** The device's label, or with " (2)"… when one of the user's built-in credentials has it already. */
    static String freeLabel(String label, List<? extends CredentialModel> builtIn) {
        if (label == null || label.isBlank()) {
            return label;
        }
        String candidate = label;
        for (int n = 2; taken(candidate, builtIn); n++) {
            candidate = label + " (" + n + ")";
        }
        return candidate;
    }

    private static boolean taken(String label, List<? extends CredentialModel> builtIn) {
        return builtIn.stream().anyMatch(c -> label.equalsIgnoreCase(c.getUserLabel()));
    }
}
