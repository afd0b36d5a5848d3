package dev.totpguard.posture;

import java.util.Map;

/**
 * One combination of what a flow's conditions can depend on, besides the device: each {@link Atom} true or false, and
 * the level of authentication the sign-in asks for ({@code 0}: none).
 */
record Scenario(Map<String, Boolean> atoms, int requestedLevel) {

    boolean value(Atom atom) {
        return Boolean.TRUE.equals(atoms.get(atom.key()));
    }
}
