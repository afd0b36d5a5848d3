package dev.totpguard.guard;

/**
 * A device's seed is stored without our encryption: written by totp-guard 0.1, or by someone who wrote the credential
 * row outside totp-guard. Such a device is refused at sign-in until an admin seals it (admin API). The message never
 * carries the stored value.
 */
public final class UnsealedSeedException extends RuntimeException {

    public UnsealedSeedException(String credentialId) {
        super("the seed of device " + credentialId + " is not sealed by the totp-guard keys", null, false, false);
    }
}
