package dev.totpguard.posture;

/**
 * A fact about a user or a sign-in that a condition depends on and that the flow itself does not decide (a role, an
 * attribute, a requested client scope…), with how to say it in words when it holds and when it does not.
 *
 * @param key      identifies the fact: two conditions on the same fact share it (e.g. a role and its negation)
 * @param holds    e.g. "users with role admin"
 * @param notHolds e.g. "users without role admin"
 */
record Atom(String key, String holds, String notHolds) {

    String describe(boolean value) {
        return value ? holds : notHolds;
    }
}
