package dev.totpguard.posture;

import java.util.Set;

/** Provider ids of the executions the posture check tells apart. */
final class Steps {

    /** Our code steps: the browser prompt and the direct grant step. */
    static final Set<String> OURS = Set.of("totp-guard-form", "totp-guard-direct-grant");

    /**
     * What stands in for a code: Keycloak's recovery code form (the way in without the phone, "code or recovery code").
     * Counts only where a flow also has one of {@link #OURS}.
     */
    static final Set<String> SUBSTITUTES = Set.of("auth-recovery-authn-code-form");

    /**
     * Alternatives that are not a fresh sign-in: the SSO cookie (a session some sign-in made before) and the redirect to
     * an identity provider (whose own ways in, first broker login and post-login flow, are judged as such).
     */
    static final Set<String> NOT_A_SIGN_IN = Set.of("auth-cookie", "identity-provider-redirector");

    /** Keycloak's "Reset Password" step of the reset-credentials flow. */
    static final String RESET_PASSWORD = "reset-password";

    private Steps() {
    }

    static boolean ours(FlowNode node) {
        return node instanceof FlowNode.Step step && OURS.contains(step.authenticator());
    }

    /** Whether an enabled step of ours is in the node (at any depth, not under a disabled execution). */
    static boolean containsOurs(FlowNode node) {
        if (node.requirement() == FlowNode.Requirement.DISABLED) {
            return false;
        }
        if (node instanceof FlowNode.SubFlow flow) {
            return flow.children().stream().anyMatch(Steps::containsOurs);
        }
        return ours(node);
    }
}
