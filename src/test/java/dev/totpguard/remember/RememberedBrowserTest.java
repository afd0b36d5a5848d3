package dev.totpguard.remember;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RememberedBrowserTest {

    private static final long DAY = 86_400_000L;

    private static RememberedBrowser browser(String id, long created, long expires) {
        return new RememberedBrowser(id, "Firefox 128 on Linux", created, expires, null);
    }

    @Test
    void liveUntilItsExpiryExclusive() {
        RememberedBrowser b = browser("a", 0, 10 * DAY);
        assertTrue(b.live(10 * DAY - 1));
        assertFalse(b.live(10 * DAY));
    }

    @Test
    void belowTheBoundNothingLiveIsEvicted() {
        List<RememberedBrowser> existing = new ArrayList<>();
        for (int i = 0; i < RememberedBrowser.MAX_PER_USER - 1; i++) {
            existing.add(browser("b" + i, i, 100 * DAY));
        }
        assertEquals(List.of(), RememberedBrowser.toEvict(existing, 50 * DAY));
    }

    @Test
    void atTheBoundTheOldestMakesRoomAndExpiredOnesGoFirst() {
        List<RememberedBrowser> existing = new ArrayList<>();
        for (int i = 0; i < RememberedBrowser.MAX_PER_USER; i++) {
            existing.add(browser("b" + i, 1000 - i, 100 * DAY)); // b9 is the oldest
        }
        assertEquals(List.of(existing.get(9)), RememberedBrowser.toEvict(existing, 50 * DAY));

        existing.set(0, browser("expired", 2000, 10 * DAY));
        assertEquals(List.of(existing.get(0)), RememberedBrowser.toEvict(existing, 50 * DAY),
                "an expired record makes room: no live one is evicted");
    }

    @Test
    void moreThanTheBoundIsCutBackToRoomForOne() {
        List<RememberedBrowser> existing = new ArrayList<>();
        for (int i = 0; i < RememberedBrowser.MAX_PER_USER + 3; i++) {
            existing.add(browser("b" + i, i, 100 * DAY));
        }
        List<RememberedBrowser> evicted = RememberedBrowser.toEvict(existing, 0);
        assertEquals(existing.subList(0, 4), evicted);
    }

    @Test
    void labelNamesBrowserAndExpiryDate() {
        assertEquals("Firefox 128 on Linux, until 1970-01-31", RememberedBrowser.label("Firefox 128 on Linux", 30 * DAY));
    }

    @Test
    void twoBrowsersOfTheSameKindOnTheSameDayGetDistinctLabels() {
        String label = "Firefox 128 on Linux, until 1970-01-31";
        assertEquals(label, RememberedBrowser.uniqueLabel(label, List.of()));
        assertEquals(label, RememberedBrowser.uniqueLabel(label, java.util.Arrays.asList("Chrome 120 on Windows, until 1970-01-31", null)));
        assertEquals(label + " (2)", RememberedBrowser.uniqueLabel(label, List.of(label)));
        assertEquals(label + " (3)", RememberedBrowser.uniqueLabel(label, List.of(label.toUpperCase(java.util.Locale.ROOT), label + " (2)")));
    }
}
