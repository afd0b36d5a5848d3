package dev.totpguard.safetynet;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A realm's change warns only about the ways that became unchecked. */
class WarnedWaysTest {

    @Test
    void onlyWhatIsNew() {
        WarnedWays warned = new WarnedWays();
        assertEquals(Set.of("direct-grant", "idp:corp"), warned.fresh("r", Set.of("direct-grant", "idp:corp")));
        assertEquals(Set.of(), warned.fresh("r", Set.of("direct-grant", "idp:corp")), "unchanged: nothing again");
        assertEquals(Set.of("idp:other"), warned.fresh("r", Set.of("direct-grant", "idp:other")));
        assertEquals(Set.of("direct-grant"), warned.fresh("s", Set.of("direct-grant")), "realms apart");
        assertEquals(Set.of(), warned.fresh("r", Set.of()), "all fixed");
        assertEquals(Set.of("direct-grant"), warned.fresh("r", Set.of("direct-grant")), "broken again: warned again");
        warned.forget("s");
        assertEquals(Set.of("direct-grant"), warned.fresh("s", Set.of("direct-grant")), "forgotten realm starts over");
    }
}
