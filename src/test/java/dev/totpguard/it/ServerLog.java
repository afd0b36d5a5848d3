package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The shared test server's log file ({@link TotpGuardServerConfig#SERVER_LOG}), as the tests read it. */
final class ServerLog {

    private ServerLog() {
    }

    static Path path() {
        return Path.of(TotpGuardServerConfig.SERVER_LOG);
    }

    /** The log's size in bytes now (0 before the server wrote any): an offset for {@link #linesSince}. */
    static long size() {
        try {
            return Files.exists(path()) ? Files.size(path()) : 0L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole log; fails if there is none. */
    static String read() {
        try {
            return Files.readString(path());
        } catch (IOException e) {
            throw new UncheckedIOException("server log not found: " + path(), e);
        }
    }

    /** The lines written since {@code offset} (a byte offset from {@link #size}). */
    static List<String> linesSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(path());
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (10 s at most) for a line that {@code which} accepts; fails naming {@code what}. */
    static String awaitLine(String what, Predicate<String> which) {
        String[] found = new String[1];
        boolean seen = Waits.until(Duration.ofSeconds(10), 200, () -> {
            try {
                found[0] = Files.readAllLines(path()).stream().filter(which).findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found[0] != null;
        });
        if (!seen) {
            throw new AssertionError("no line in the server log: " + what);
        }
        return found[0];
    }
}
