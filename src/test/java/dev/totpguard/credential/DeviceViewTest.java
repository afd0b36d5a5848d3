package dev.totpguard.credential;

import java.util.List;

import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels as pages and events show them, whatever Keycloak's own label endpoints stored. */
class DeviceViewTest {

    private static TotpGuardCredentialModel device(String id, String label) {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(Totp.defaults(), label, 1L, 0L);
        device.setId(id);
        return device;
    }

    @Test
    void labelsThatMeetTheRulesAreShownUnchanged() {
        for (String label : List.of("phone", "Téléphone de Zoë", "手机", "a".repeat(64), "🙂 tablet")) {
            assertTrue(DeviceRules.checkLabelForm(label).isEmpty(), label);
            assertEquals(label, DeviceRules.displayLabel(label));
        }
        assertNull(DeviceRules.displayLabel(null));
    }

    @Test
    void controlCharactersLineBreaksAndBidiOverridesAreDropped() {
        assertEquals("badnameevil", DeviceRules.displayLabel(" bad\u0007na\u202Eme\nevil\u0000 "));
        assertEquals("ab", DeviceRules.displayLabel("a\u2028\u2066b\u200F"));
        assertNull(DeviceRules.displayLabel(" \u0007\n\u202E "), "nothing left: an unnamed device");
    }

    @Test
    void longLabelsAreCutToTheMaximumNeverInsideASurrogatePair() {
        assertEquals("x".repeat(64), DeviceRules.displayLabel("x".repeat(500)));
        String emoji = "a".repeat(63) + "🙂🙂";
        String shown = DeviceRules.displayLabel(emoji);
        assertEquals("a".repeat(63), shown, "the pair across the limit is left out whole");
        assertTrue(DeviceRules.checkLabelForm(DeviceRules.displayLabel("y".repeat(300) + "\u0007")).isEmpty());
    }

    @Test
    void duplicatesIgnoringCaseAreToldApartInOrder() {
        List<DeviceView> views = DeviceView.listOf(List.of(device("a", "PHONE"), device("b", "phone"),
                device("c", null), device("d", "Phone\u0007"), device("e", "phone (2)")));
        assertEquals(List.of("a", "b", "c", "d", "e"), views.stream().map(DeviceView::getId).toList());
        assertEquals("PHONE", views.get(0).getLabel());
        assertEquals("phone (2)", views.get(1).getLabel());
        assertNull(views.get(2).getLabel(), "unnamed stays unnamed");
        assertEquals("Phone (3)", views.get(3).getLabel());
        assertEquals("phone (2) (2)", views.get(4).getLabel());
    }

    @Test
    void aDistinctLabelStaysWithinTheMaximum() {
        List<DeviceView> views = DeviceView.listOf(List.of(device("a", "z".repeat(64)), device("b", "Z".repeat(80))));
        assertEquals("z".repeat(64), views.get(0).getLabel());
        assertEquals("Z".repeat(60) + " (2)", views.get(1).getLabel());
        assertEquals(64, views.get(1).getLabel().length());
    }

    @Test
    void oneDeviceViewCleansToo() {
        assertEquals("tablet", DeviceView.of(device("a", "\u202Etablet\n")).getLabel());
    }
}
