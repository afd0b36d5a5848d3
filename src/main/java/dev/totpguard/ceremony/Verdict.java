package dev.totpguard.ceremony;

/**
 * What a ceremony may do now.
 *
 * @param decision what the entry point does
 * @param reason   why, for the event's {@code reason} and the log (never shown to the user as is)
 */
public record Verdict(Decision decision, String reason) {

    public enum Decision {
        /** Go ahead. */
        ALLOW,
        /** Ask for a code of one of the user's existing devices first, then go ahead. */
        ASK_CODE,
        /** Refuse, with a page that says why. */
        REFUSE
    }

    static Verdict allow(String reason) {
        return new Verdict(Decision.ALLOW, reason);
    }

    static Verdict askCode(String reason) {
        return new Verdict(Decision.ASK_CODE, reason);
    }

    static Verdict refuse(String reason) {
        return new Verdict(Decision.REFUSE, reason);
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }
}
