package dev.totpguard.safetynet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure: whether a log line about one realm and way is due, at most once per interval on this node, so that a script
 * retrying a refused direct grant, or every user of an identity provider, does not fill the log. Holds at most
 * {@value #MAX_KEYS} keys (then forgets them all: a warning may come again early, never more than once per key and
 * interval otherwise).
 */
final class Reminders {

    static final int MAX_KEYS = 10_000;

    private final long intervalMillis;
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    Reminders(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** True, and remembered, when nothing was said about {@code key} within the interval before {@code nowMillis}. */
    boolean due(String key, long nowMillis) {
        if (last.size() >= MAX_KEYS && !last.containsKey(key)) {
            last.clear();
        }
        boolean[] due = {false};
        last.compute(key, (k, before) -> {
            if (before == null || nowMillis - before >= intervalMillis || nowMillis < before) {
                due[0] = true;
                return nowMillis;
            }
            return before;
        });
        return due[0];
    }
}
