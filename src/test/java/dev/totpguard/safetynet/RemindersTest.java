package dev.totpguard.safetynet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One log line per realm and way and interval, whatever the number of users or retries. */
class RemindersTest {

    @Test
    void oncePerKeyAndInterval() {
        Reminders reminders = new Reminders(1000);
        assertTrue(reminders.due("r\ndirect-grant", 0));
        assertFalse(reminders.due("r\ndirect-grant", 1));
        assertFalse(reminders.due("r\ndirect-grant", 999));
        assertTrue(reminders.due("r\nidp:corp", 5), "another way has its own line");
        assertTrue(reminders.due("other\ndirect-grant", 5), "another realm too");
        assertTrue(reminders.due("r\ndirect-grant", 1000), "again after the interval");
        assertFalse(reminders.due("r\ndirect-grant", 1500));
    }

    @Test
    void aClockGoingBackDoesNotSilenceItForever() {
        Reminders reminders = new Reminders(1000);
        assertTrue(reminders.due("k", 10_000));
        assertTrue(reminders.due("k", 5));
        assertFalse(reminders.due("k", 6));
    }

    @Test
    void manyKeysAreForgottenNotHoarded() {
        Reminders reminders = new Reminders(1000);
        for (int i = 0; i < Reminders.MAX_KEYS; i++) {
            assertTrue(reminders.due("k" + i, 0));
        }
        assertFalse(reminders.due("k0", 1), "still within the bound: remembered");
        assertTrue(reminders.due("one more", 1));
        assertTrue(reminders.due("k0", 2), "the map was cleared when full");
    }
}
