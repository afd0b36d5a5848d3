package dev.totpguard.guard;

import org.keycloak.sessions.AuthenticationSessionModel;

/** Where the first code of a resync waits for the second ({@link CodeCheck}): the authentication session. */
public interface ResyncNotes {

    /** Auth-session note remembering the first code of a resync: {@code <credentialId>:<matched step>:<server step>}. */
    String NOTE = "totp-guard.resync";
    /** The second resync code must come within this many steps of the first (90 s at 30 s). */
    int NOTE_STEPS = 3;

    String get();

    void set(String value);

    void clear();

    static ResyncNotes of(AuthenticationSessionModel authSession) {
        return new ResyncNotes() {
            @Override
            public String get() {
                return authSession.getAuthNote(NOTE);
            }

            @Override
            public void set(String value) {
                authSession.setAuthNote(NOTE, value);
            }

            @Override
            public void clear() {
                authSession.removeAuthNote(NOTE);
            }
        };
    }
}
