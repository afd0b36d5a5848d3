package dev.totpguard.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.totpguard.guard.SeedUnavailableException;

/**
 * AES-256-GCM for seeds. The associated data binds a ciphertext to its realm, user and credential, so a seed copied
 * into another row (another user, another device) does not decrypt.
 */
final class SeedCipher {

    /** What the database stores: key id, nonce and ciphertext with its 128-bit tag. */
    record Sealed(String keyId, byte[] iv, byte[] ciphertext) {
        @Override
        public String toString() {
            return "Sealed[keyId=" + keyId + "]";
        }
    }

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SeedCipher() {
    }

    static byte[] associatedData(String realmId, String userId, String credentialId) {
        return ("totp-guard/v1/" + realmId + "/" + userId + "/" + credentialId).getBytes(StandardCharsets.UTF_8);
    }

    static Sealed seal(SeedKeys keys, byte[] seed, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.primary(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            return new Sealed(keys.primaryId(), iv, cipher.doFinal(seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable (" + e.getClass().getSimpleName() + ")");
        }
    }

    static byte[] open(SeedKeys keys, Sealed sealed, byte[] associatedData) {
        SecretKey key = keys.key(sealed.keyId()).orElseThrow(() -> new SeedUnavailableException(
                "encrypted with key id '" + sealed.keyId() + "', which is not in the keys file"));
        if (sealed.iv().length != IV_BYTES) {
            throw new SeedUnavailableException("malformed ciphertext");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.iv()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SeedUnavailableException("does not decrypt with key '" + sealed.keyId()
                    + "': wrong key, or the stored value was altered or moved to another row");
        } catch (GeneralSecurityException e) {
            throw new SeedUnavailableException("cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }
}
