package dev.totpguard.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.ForbiddenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.UserPermissionEvaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request reading every admin endpoint shares: bad input gets a clear refusal, a status and a message. */
class AdminRequestsTest {

    @Test
    void maxIsTheDefaultWhenAbsentOrBlank() {
        assertEquals(AdminRequests.DEFAULT_MAX, AdminRequests.max(null));
        assertEquals(AdminRequests.DEFAULT_MAX, AdminRequests.max(""));
        assertEquals(AdminRequests.DEFAULT_MAX, AdminRequests.max("  "));
    }

    @Test
    void maxIsAWholeNumberFromZeroToTheLimit() {
        assertEquals(0, AdminRequests.max("0"));
        assertEquals(7, AdminRequests.max("007"));
        assertEquals(AdminRequests.MAX_MAX, AdminRequests.max(String.valueOf(AdminRequests.MAX_MAX)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001", "9999", "10000", "-1", "+5", "1.5", "1e3", "ten", " 5", "5 "})
    void anyOtherMaxIsRefused(String value) {
        assertRefused(400, "max must be a whole number from 0 to 1000", () -> AdminRequests.max(value));
    }

    @Test
    void keepSessionsIsTrueOrFalseAndAbsentEndsThem() {
        assertFalse(AdminRequests.keepSessions(null));
        assertFalse(AdminRequests.keepSessions("false"));
        assertFalse(AdminRequests.keepSessions("FALSE"));
        assertTrue(AdminRequests.keepSessions("true"));
        assertTrue(AdminRequests.keepSessions("True"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", " true", "keep"})
    void anyOtherKeepSessionsIsRefused(String value) {
        assertRefused(400, "keepSessions must be true or false", () -> AdminRequests.keepSessions(value));
    }

    @Test
    void aFlagIsYesUnlessAbsentOrFalse() {
        assertFalse(AdminRequests.flag(null));
        assertFalse(AdminRequests.flag("false"));
        assertFalse(AdminRequests.flag(" False "));
        assertTrue(AdminRequests.flag("true"));
        assertTrue(AdminRequests.flag(""));
        assertTrue(AdminRequests.flag("0"));
    }

    @Test
    void theBodyIsReadUpToOneByteOverTheLimit() {
        assertArrayEquals(new byte[0], AdminRequests.body(null, 10));
        assertArrayEquals(bytes("{}"), AdminRequests.body(stream("{}"), 10));
        assertEquals(11, AdminRequests.body(stream("x".repeat(100)), 10).length);
    }

    @Test
    void aBodyThatCannotBeReadIsRefused() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertRefused(400, "the request body could not be read", () -> AdminRequests.body(broken, 10));
    }

    @Test
    void anUnknownFieldIsNamedOnlyWhenItIsAPlainWord() {
        List<String> known = List.of("dryRun", "force");
        assertEquals("unknown field 'dryrun'; known: dryRun, force", AdminRequests.unknownField("dryrun", known));
        assertEquals("unknown field; known: dryRun, force", AdminRequests.unknownField("JBSWY3DP\"EHPK3PXP", known));
        assertEquals("unknown field; known: dryRun, force", AdminRequests.unknownField("x".repeat(41), known));
        assertEquals("unknown field; known: dryRun, force", AdminRequests.unknownField(null, known));
    }

    @Test
    void aKnownUserIsFound() {
        UserModel alice = fake(UserModel.class, Map.of());
        assertSame(alice, requests(Map.of("u1", alice), true).user("u1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody", " "})
    void anUnknownUserIs404ForACallerWhoMayListUsers(String userId) {
        assertRefused(404, "User not found", () -> requests(Map.of(), true).user(userId));
        assertRefused(404, "User not found", () -> requests(Map.of(), true).user(null));
    }

    @Test
    void anUnknownUserIs403ForACallerWhoMayNotListUsers() {
        assertThrows(ForbiddenException.class, () -> requests(Map.of(), false).user("nobody"));
        assertThrows(ForbiddenException.class, () -> requests(Map.of(), false).user(null));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static void assertRefused(int status, String message, Runnable call) {
        ErrorResponseException e = assertThrows(ErrorResponseException.class, call::run);
        assertEquals(status, e.getResponse().getStatus());
        assertEquals(message, ((ErrorRepresentation) e.getResponse().getEntity()).getErrorMessage());
    }

    private static AdminRequests requests(Map<String, UserModel> users, boolean canQuery) {
        UserProvider userProvider = fake(UserProvider.class, Map.of("getUserById", args -> users.get((String) args[1])));
        KeycloakSession session = fake(KeycloakSession.class, Map.of("users", args -> userProvider));
        UserPermissionEvaluator userPermissions = fake(UserPermissionEvaluator.class, Map.of("canQuery", args -> canQuery));
        AdminPermissionEvaluator auth = fake(AdminPermissionEvaluator.class, Map.of("users", args -> userPermissions));
        return new AdminRequests(session, fake(RealmModel.class, Map.of()), auth);
    }

    /** An interface whose named methods answer as given; any other method call fails the test. */
    private static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answer.apply(args);
        }));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
