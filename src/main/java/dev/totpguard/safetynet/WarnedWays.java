package dev.totpguard.safetynet;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure: what this node last warned about per realm (one entry per unchecked way, its flow and its coverage), so that
 * a change of the realm warns only about what became unchecked, not again about everything that still is.
 */
final class WarnedWays {

    private final Map<String, Set<String>> warned = new ConcurrentHashMap<>();

    /** The entries of {@code now} not warned about before for the realm; {@code now} becomes what was warned. */
    Set<String> fresh(String realmId, Set<String> now) {
        Set<String> fresh = new LinkedHashSet<>(now);
        Set<String> before = warned.put(realmId, Set.copyOf(now));
        if (before != null) {
            fresh.removeAll(before);
        }
        return fresh;
    }

    /** Forgets a realm (removed, or without devices now). */
    void forget(String realmId) {
        warned.remove(realmId);
    }
}
