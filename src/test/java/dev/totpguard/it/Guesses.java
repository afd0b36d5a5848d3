package dev.totpguard.it;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.LongFunction;

import org.keycloak.models.utils.Base32;

/** What an attacker or a test sends: random wrong codes, random seeds. */
final class Guesses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Guesses() {
    }

    /**
     * A random 6-digit code that is none of the SHA1 codes of {@code key} for steps {@code step-range … step+range}: a
     * plain wrong code even for a server that looks {@code range} steps around for a resync. Random, so that a code of
     * a test is not a constant that could appear in the server log by chance.
     */
    static String wrong(byte[] key, long step, int range) {
        return wrong(s -> Codes.sha1(key, s), 6, step, range);
    }

    /** A random code of {@code digits} digits that is none of {@code codeOf}'s codes of steps {@code step±range}. */
    static String wrong(LongFunction<String> codeOf, int digits, long step, int range) {
        int bound = (int) Math.pow(10, digits);
        while (true) {
            String candidate = String.format(Locale.ROOT, "%0" + digits + "d", RANDOM.nextInt(bound));
            boolean matches = false;
            for (long s = step - range; s <= step + range && !matches; s++) {
                matches = candidate.equals(codeOf.apply(s));
            }
            if (!matches) {
                return candidate;
            }
        }
    }

    /** A random 160-bit seed (SHA1's HMAC output length). */
    static byte[] seed() {
        return seed(20);
    }

    /** A random seed of {@code bytes} bytes. */
    static byte[] seed(int bytes) {
        byte[] seed = new byte[bytes];
        RANDOM.nextBytes(seed);
        return seed;
    }

    static String base32(byte[] seed) {
        return Base32.encode(seed).replace("=", "");
    }
}
