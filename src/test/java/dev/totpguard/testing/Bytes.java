package dev.totpguard.testing;

/** Byte search for tests that look for secrets in ciphertexts, files and dumps. */
public final class Bytes {

    private Bytes() {
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
