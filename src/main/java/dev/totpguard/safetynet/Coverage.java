package dev.totpguard.safetynet;

import dev.totpguard.posture.Posture;

/**
 * Pure: which ways in (as {@link Posture} names them) the safety net covers, and what an admin changes so that the way
 * itself asks users with a device for a code.
 */
final class Coverage {

    private static final String IDP = "idp:";
    private static final String CLIENT = "client:";

    private Coverage() {
    }

    /**
     * Whether the safety net asks for the code (or refuses) where {@code way}'s flow did not: direct grants (the realm's
     * flow, a client's override) and every sign-in through an identity provider (its first broker login flow, its
     * post-login flow). Browser sign-ins that are not brokered and the reset-credentials flow are not covered.
     */
    static boolean covers(String way) {
        return way.equals(Posture.DIRECT_GRANT) || way.equals(Posture.FIRST_BROKER_LOGIN) || way.startsWith(IDP)
                || way.startsWith(CLIENT) && way.endsWith(":" + Posture.DIRECT_GRANT);
    }

    /** What to change, in words, for {@code way}. */
    static String fix(String way) {
        if (way.equals(Posture.BROWSER)) {
            return "bind a browser flow with the TOTP Guard form (docs/realm-admin.md, recipe 1) under Authentication";
        }
        if (way.equals(Posture.DIRECT_GRANT)) {
            return "add TOTP Guard direct grant to the realm's direct grant flow (docs/realm-admin.md, recipe 4), and turn off Direct"
                    + " access grants on clients that do not need them";
        }
        if (way.equals(Posture.RESET_CREDENTIALS)) {
            return "bind a reset credentials flow that asks for the code before Reset Password (docs/realm-admin.md, recipe 6)";
        }
        if (way.equals(Posture.FIRST_BROKER_LOGIN) || way.startsWith(IDP) && way.endsWith(":" + Posture.FIRST_BROKER_LOGIN)) {
            return "give every identity provider a Post login flow with the TOTP Guard form (docs/realm-admin.md, recipe 9: identity-provider logins)";
        }
        if (way.startsWith(IDP)) {
            return "set identity provider '" + way.substring(IDP.length()) + "' Post login flow to a flow with the TOTP"
                    + " Guard form (docs/realm-admin.md, recipe 9: identity-provider logins; the demo realm's 'totp-guard post broker login')";
        }
        if (way.startsWith(CLIENT) && way.endsWith(":" + Posture.DIRECT_GRANT)) {
            return "add TOTP Guard direct grant to the client's direct grant flow override (docs/realm-admin.md, recipe 4)";
        }
        if (way.startsWith(CLIENT)) {
            return "add the TOTP Guard form to the client's browser flow override (docs/realm-admin.md, recipes 1 and 7)";
        }
        return "check the flow bound to it with GET /admin/realms/{realm}/totp-guard/posture";
    }

    /** Whether the safety net covers {@code way} in a realm where it is on or off, in words. */
    static String coverage(String way, boolean safetyNetOn) {
        if (!covers(way)) {
            return "the safety net does not cover it";
        }
        return safetyNetOn
                ? "the safety net covers it meanwhile (required action " + SafetyNetActionFactory.PROVIDER_ID
                        + ": such sign-ins are asked for the code, such direct grants refused)"
                : "the safety net would cover it, but required action " + SafetyNetActionFactory.PROVIDER_ID
                        + " is turned off in this realm";
    }
}
