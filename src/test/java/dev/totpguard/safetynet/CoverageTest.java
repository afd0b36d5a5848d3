package dev.totpguard.safetynet;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ways in the safety net covers, and what each warning tells the admin to change. */
class CoverageTest {

    @Test
    void directGrantsAndEveryBrokeredWayAreCovered() {
        for (String way : List.of("direct-grant", "client:legacy-app:direct-grant", "first-broker-login", "idp:corp",
                "idp:corp:first-broker-login", "client:a:b:direct-grant")) {
            assertTrue(Coverage.covers(way), way);
        }
    }

    @Test
    void browserSignInsAndResetAreNot() {
        for (String way : List.of("browser", "reset-credentials", "client:portal:browser", "client:direct-grant:browser")) {
            assertFalse(Coverage.covers(way), way);
        }
    }

    @Test
    void eachWayHasItsOwnFix() {
        assertTrue(Coverage.fix("direct-grant").contains("recipe 4"));
        assertTrue(Coverage.fix("client:legacy-app:direct-grant").contains("override"));
        assertTrue(Coverage.fix("browser").contains("recipe 1"));
        assertTrue(Coverage.fix("reset-credentials").contains("recipe 6"));
        assertTrue(Coverage.fix("idp:corp").contains("'corp' Post login flow"));
        assertTrue(Coverage.fix("idp:corp:first-broker-login").contains("every identity provider"));
        assertTrue(Coverage.fix("first-broker-login").contains("every identity provider"));
        assertTrue(Coverage.fix("client:portal:browser").contains("browser flow override"));
    }

    @Test
    void theWarningSaysWhetherTheSafetyNetCoversTheWayHere() {
        assertTrue(Coverage.coverage("idp:corp", true).startsWith("the safety net covers it"));
        assertTrue(Coverage.coverage("idp:corp", false).contains("turned off in this realm"));
        assertTrue(Coverage.coverage("browser", true).contains("does not cover"));
    }
}
