package dev.totpguard.recovery;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Just enough of Keycloak's models for the recovery steps, without a server: anything else they touch throws. */
final class Fakes {

    private Fakes() {
    }

    /** An authentication session: its notes, required actions and execution statuses. */
    static final class AuthSession {
        final Map<String, String> notes = new HashMap<>();
        final Set<String> requiredActions = new LinkedHashSet<>();
        final Map<String, AuthenticationSessionModel.ExecutionStatus> statuses = new HashMap<>();

        AuthenticationSessionModel model() {
            return proxy(AuthenticationSessionModel.class, (method, args) -> switch (method) {
                case "getAuthNote" -> notes.get((String) args[0]);
                case "setAuthNote" -> notes.put((String) args[0], (String) args[1]);
                case "removeAuthNote" -> notes.remove((String) args[0]);
                case "getRequiredActions" -> Set.copyOf(requiredActions);
                case "addRequiredAction" -> requiredActions.add((String) args[0]);
                case "getExecutionStatus" -> Map.copyOf(statuses);
                default -> unsupported(method);
            });
        }
    }

    /** A realm named {@code test} with these required actions and these executions. */
    static RealmModel realm(List<RequiredActionProviderModel> actions, List<AuthenticationExecutionModel> executions) {
        return proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getName" -> "test";
            case "getRequiredActionProvidersStream" -> actions.stream();
            case "getAuthenticationExecutionsStream" -> executions.stream().filter(e -> e.getParentFlow().equals(args[0]));
            default -> unsupported(method);
        });
    }

    static RequiredActionProviderModel action(String providerId, boolean enabled) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(providerId);
        action.setProviderId(providerId);
        action.setEnabled(enabled);
        return action;
    }

    /** A user with {@code codesLeft} recovery codes (none: no recovery-codes credential at all). */
    static UserModel user(int codesLeft) {
        List<CredentialModel> stored = new ArrayList<>();
        if (codesLeft > 0) {
            CredentialModel codes = new CredentialModel();
            codes.setId("codes-1");
            codes.setType(RecoveryAuthnCodesCredentialModel.TYPE);
            codes.setCredentialData("{\"hashIterations\":1,\"algorithm\":\"RS512\",\"totalCodes\":12,\"remainingCodes\":"
                    + codesLeft + "}");
            stored.add(codes);
        }
        SubjectCredentialManager credentials = proxy(SubjectCredentialManager.class, (method, args) -> switch (method) {
            case "getFederatedCredentialsStream" -> Stream.empty();
            case "getStoredCredentialsByTypeStream" -> stored.stream().filter(c -> c.getType().equals(args[0]));
            default -> unsupported(method);
        });
        return proxy(UserModel.class, (method, args) -> switch (method) {
            case "getId" -> "user-1";
            case "credentialManager" -> credentials;
            default -> unsupported(method);
        });
    }

    static RequiredActionContext requiredActionContext(AuthSession authSession, RealmModel realm, UserModel user) {
        AuthenticationSessionModel session = authSession.model();
        return proxy(RequiredActionContext.class, (method, args) -> switch (method) {
            case "getAuthenticationSession" -> session;
            case "getRealm" -> realm;
            case "getUser" -> user;
            default -> unsupported(method);
        });
    }

    /** A flow context at {@code execution}; what the step answers ({@code success}, …) goes to {@code answers}. */
    static AuthenticationFlowContext flowContext(AuthSession authSession, RealmModel realm, UserModel user,
                                                 AuthenticationExecutionModel execution, List<String> answers) {
        AuthenticationSessionModel session = authSession.model();
        return proxy(AuthenticationFlowContext.class, (method, args) -> switch (method) {
            case "getAuthenticationSession" -> session;
            case "getRealm" -> realm;
            case "getUser" -> user;
            case "getExecution" -> execution;
            case "success", "failure", "challenge", "attempted" -> answers.add(method);
            default -> unsupported(method);
        });
    }

    static AuthenticationExecutionModel execution(String id, String parentFlow, String authenticator) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId(id);
        execution.setParentFlow(parentFlow);
        execution.setAuthenticator(authenticator);
        return execution;
    }

    private interface Handler {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> handler.answer(method.getName(), args)));
    }

    private static Object unsupported(String method) {
        throw new UnsupportedOperationException(method);
    }
}
