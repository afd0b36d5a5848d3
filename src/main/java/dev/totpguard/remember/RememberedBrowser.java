package dev.totpguard.remember;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One remembered browser of a user, as stored (public part) and as the admin API shows it: never the token or its hash.
 * Times are epoch milliseconds of Keycloak's clock ({@code Time.currentTimeMillis()}).
 *
 * @param id            the record's id (a Keycloak credential id)
 * @param browser       the short browser description
 * @param created       when the user ticked "don't ask again"
 * @param expires       after this instant the record no longer skips the prompt
 * @param lastUsed      the last sign-in it skipped the prompt for, or {@code null}
 */
public record RememberedBrowser(String id, String browser, long created, long expires, Long lastUsed) {

    /** At most this many per user: remembering one more evicts the oldest. */
    public static final int MAX_PER_USER = 10;

    /** What is stored in the credential's public data ({@code credentialData}); created is the credential's own. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Data(String browser, long expires, Long lastUsed, long passwordStamp) {
    }

    boolean live(long now) {
        return now < expires;
    }

    /** The label the Account Console shows: browser and expiry date (UTC). */
    static String label(String browser, long expires) {
        return browser + ", until " + DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochMilli(expires).atOffset(ZoneOffset.UTC));
    }

    /**
     * {@code label}, or {@code label (2)}, {@code (3)}… when the user already has a record of that label (ignoring
     * case): Keycloak refuses two credentials of one type and label, and two browsers of the same kind remembered on
     * the same day have the same browser and expiry date.
     */
    static String uniqueLabel(String label, Collection<String> taken) {
        Set<String> lower = new HashSet<>();
        taken.stream().filter(Objects::nonNull).forEach(t -> lower.add(t.toLowerCase(Locale.ROOT)));
        String candidate = label;
        for (int n = 2; lower.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = label + " (" + n + ")";
        }
        return candidate;
    }

    /**
     * The records to delete before one more is stored at {@code now}: every expired one, then the oldest until
     * {@link #MAX_PER_USER} - 1 remain.
     */
    static List<RememberedBrowser> toEvict(List<RememberedBrowser> existing, long now) {
        List<RememberedBrowser> evict = new ArrayList<>();
        List<RememberedBrowser> kept = new ArrayList<>();
        for (RememberedBrowser b : existing) {
            (b.live(now) ? kept : evict).add(b);
        }
        kept.sort(Comparator.comparingLong(RememberedBrowser::created).thenComparing(RememberedBrowser::id));
        while (kept.size() > MAX_PER_USER - 1) {
            evict.add(kept.remove(0));
        }
        return evict;
    }
}
