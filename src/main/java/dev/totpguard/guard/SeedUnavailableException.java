package dev.totpguard.guard;

/**
 * A device's seed cannot be read: no keys configured, unknown key id, wrong key, or a tampered value. Sign-in with the
 * device fails closed. The message says why, never anything secret.
 */
public final class SeedUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SeedUnavailableException(String message) {
        super(message);
    }
}
