package dev.totpguard.it;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the walkthrough's accessibility check lets through: moderate and minor findings, and one known Keycloak element. */
class AxeTest {

    @Test
    void keycloaksMarkupIsOneRuleOnOneElement() {
        assertTrue(new Axe.Violation("label", "critical", List.of("#kc-attempted-username")).inKeycloakMarkup());
        assertFalse(new Axe.Violation("label", "critical", List.of("#otp")).inKeycloakMarkup(), "our field");
        assertFalse(new Axe.Violation("label", "critical", List.of("#kc-attempted-username", "#otp")).inKeycloakMarkup(),
                "one of ours beside it");
        assertFalse(new Axe.Violation("color-contrast", "serious", List.of("#kc-attempted-username")).inKeycloakMarkup(),
                "another rule on the same element");
    }

    @Test
    void seriousOrCriticalFailsTheCheckWhereverItIsFound() {
        Axe axe = new Axe("");
        assertThrows(AssertionFailedError.class, axe::assertNoSeriousOrCritical, "no page checked is a failure");
        axe.record("prompt, en", List.of(new Axe.Violation("region", "moderate", List.of("#a")),
                new Axe.Violation("label", "critical", List.of("#kc-attempted-username"))));
        assertDoesNotThrow(axe::assertNoSeriousOrCritical);
        axe.record("enrollment, de", List.of(new Axe.Violation("image-alt", "critical", List.of("#totp-guard-qr"))));
        AssertionFailedError failed = assertThrows(AssertionFailedError.class, axe::assertNoSeriousOrCritical);
        assertTrue(failed.getMessage().contains("enrollment, de: image-alt (critical) at #totp-guard-qr"), failed.getMessage());
        axe.record("enrollment, de", List.of(new Axe.Violation("color-contrast", "serious", List.of("#totp-guard-parameters"))));
        assertThrows(AssertionFailedError.class, axe::assertNoSeriousOrCritical, "serious counts too");
    }
}
