package dev.totpguard.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting: a plain sleep, and polling until something holds. Never a wait through a TOTP step. */
final class Waits {

    private Waits() {
    }

    /** Sleeps; an interrupt ends the test (the interrupt flag is kept). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks {@code condition} every {@code pollMillis} until it holds or {@code timeout} has passed; returns whether it
     * held at the last check (the caller asserts, or waits on its own terms).
     */
    static boolean until(Duration timeout, long pollMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(pollMillis);
        }
        return true;
    }
}
