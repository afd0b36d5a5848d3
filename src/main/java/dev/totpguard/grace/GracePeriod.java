package dev.totpguard.grace;

import java.time.LocalDate;

/**
 * A roll-out's grace period: how many times a user may choose "Later", and until which day (UTC). Off unless a number
 * of times or a date is set; with both, whichever ends first ends it.
 *
 * @param times 0 for no limit by times
 * @param until {@code null} for no date
 */
public record GracePeriod(int times, LocalDate until) {

    public static final GracePeriod OFF = new GracePeriod(0, null);

    public GracePeriod {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
    }

    /** Whether a user who postponed {@code soFar} times may postpone once more on {@code today}. */
    public boolean allows(int soFar, LocalDate today) {
        if (times == 0 && until == null) {
            return false;
        }
        boolean timesLeft = times == 0 || soFar < times;
        boolean dateLeft = until == null || !today.isAfter(until);
        return timesLeft && dateLeft;
    }

    /** How many more times after {@code soFar}; -1 when only a date limits it. */
    public int left(int soFar) {
        return times == 0 ? -1 : Math.max(0, times - soFar);
    }
}
