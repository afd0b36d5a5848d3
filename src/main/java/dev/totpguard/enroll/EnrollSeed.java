package dev.totpguard.enroll;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.SecretGenerator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The seed being enrolled: kept in the authentication session (server side, never in the page's form) until a code
 * confirms it, renewed after {@value #MAX_WRONG_CODES} wrong codes, and claimed once in Keycloak's cluster-wide
 * single-use store when it becomes a device.
 */
final class EnrollSeed {

    static final String SEED_NOTE = "totp-guard.enroll.seed";
    /** Wrong confirmation codes typed against the current seed. */
    static final String WRONG_CODES_NOTE = "totp-guard.enroll.wrong-codes";
    /** Wrong confirmation codes one seed takes; the last of them brings a fresh seed. */
    static final int MAX_WRONG_CODES = 5;
    /** Single-use store key of a seed that became a device (followed by a hash of the seed). */
    static final String SEED_CLAIM_PREFIX = "totp-guard.enroll.seed-used.";
    /** Shortest time a seed's claim is kept, in seconds. */
    static final long MIN_CLAIM_SECONDS = 1800;

    private EnrollSeed() {
    }

    static int wrongCodes(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(WRONG_CODES_NOTE);
        return note != null && note.matches("[0-9]{1,3}") ? Integer.parseInt(note) : 0;
    }

    /** Drops the seed of this page (the next page shows a fresh one) and its count of wrong codes. */
    static void renewSeed(RequiredActionContext context) {
        clearNotes(context.getAuthenticationSession());
        TotpGuardMetrics.global().enrollmentStarted(context.getRealm().getName());
    }

    static void clearNotes(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(SEED_NOTE);
        authSession.removeAuthNote(WRONG_CODES_NOTE);
    }

    /**
     * Claims a seed for one device in Keycloak's cluster-wide single-use store, keyed by a hash of the seed (never the
     * seed), for as long as an authentication session lives: parallel confirmations of one page, on any node, store at
     * most one device from it.
     */
    static boolean claimSeed(KeycloakSession session, RealmModel realm, byte[] seed) {
        long lifespan = Math.max(Math.max(realm.getAccessCodeLifespanLogin(), realm.getAccessCodeLifespanUserAction()),
                MIN_CLAIM_SECONDS);
        return session.singleUseObjects().putIfAbsent(SEED_CLAIM_PREFIX + seedHash(seed), lifespan);
    }

    static String seedHash(byte[] seed) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("totp-guard enrollment seed\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(seed));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java runtime has SHA-256", e);
        }
    }

    /** The seed being enrolled in this authentication session, created on first use with the configured algorithm. */
    static byte[] seed(AuthenticationSessionModel authSession, EnrollConfig config) {
        String note = authSession.getAuthNote(SEED_NOTE);
        if (note != null) {
            byte[] seed = Base32.decode(note);
            if (seed.length == config.algorithm().macLength()) {
                return seed;
            }
            // the realm admin changed the algorithm meanwhile: start over with a seed of the right length
            authSession.removeAuthNote(WRONG_CODES_NOTE);
        }
        byte[] seed = SecretGenerator.generate(config.algorithm());
        authSession.setAuthNote(SEED_NOTE, Base32.encode(seed));
        return seed;
    }
}
