package dev.totpguard.remember;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RememberTokenTest {

    @Test
    void tokensCarry256RandomBitsAndAreAllDistinct() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = RememberToken.generate(random);
            assertEquals(32, Base64.getUrlDecoder().decode(token).length);
            assertTrue(RememberToken.wellFormed(token), token);
            assertTrue(seen.add(token), "no token twice");
        }
    }

    @Test
    void theStoredHashIsSha256HexNotTheToken() {
        String token = RememberToken.generate(new SecureRandom());
        String hash = RememberToken.hash(token);
        assertTrue(hash.matches("[0-9a-f]{64}"));
        assertFalse(hash.contains(token));
        assertTrue(RememberToken.matches(token, hash));
    }

    @Test
    void anotherTokenOrAChangedCharacterDoesNotMatch() {
        SecureRandom random = new SecureRandom();
        String token = RememberToken.generate(random);
        String hash = RememberToken.hash(token);
        assertFalse(RememberToken.matches(RememberToken.generate(random), hash));
        char last = token.charAt(42);
        String changed = token.substring(0, 42) + (last == 'A' ? 'B' : 'A');
        assertNotEquals(token, changed);
        assertFalse(RememberToken.matches(changed, hash));
        assertFalse(RememberToken.matches(token, null));
        assertFalse(RememberToken.matches(token, "not a hash"));
        assertFalse(RememberToken.matches(token, hash.toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0660"})
    void malformedCookieValuesAreRefusedBeforeAnyLookup(String value) {
        assertFalse(RememberToken.wellFormed(value));
        assertFalse(RememberToken.matches(value, RememberToken.hash("x")));
    }
}
