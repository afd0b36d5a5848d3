package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements a {@link PostgresServer} executes while a test runs something: statement logging turned on
 * ({@code ALTER SYSTEM SET log_statement = 'all'}, reloaded), the log read from where it stood, logging turned off
 * again. Each transaction is the list of statements one backend sent from {@code BEGIN} to {@code COMMIT}.
 */
final class StatementLog {

    /** "2026-12-07 17:11:02.239 UTC [8614] LOG:  execute S_1: COMMIT" and "statement: BEGIN". */
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\[(\\d+)] LOG:  (?:execute [^:]*|statement): (.*)$");

    private StatementLog() {
    }

    /** The transactions the server committed while {@code action} ran, each as its statements in order. */
    static List<List<String>> transactionsDuring(PostgresServer postgres, Runnable action) {
        setLogging(postgres, "all");
        long from;
        try {
            from = Files.size(postgres.logFile());
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            setLogging(postgres, null);
        }
        try {
            byte[] all = Files.readAllBytes(postgres.logFile());
            String text = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
            return transactions(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<List<String>> transactions(String log) {
        Map<String, List<String>> open = new HashMap<>();
        List<List<String>> committed = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String backend = m.group(1);
            String statement = m.group(2).strip();
            if (statement.equals("BEGIN")) {
                open.put(backend, new ArrayList<>());
            } else if (statement.equals("COMMIT")) {
                List<String> tx = open.remove(backend);
                if (tx != null) {
                    committed.add(tx);
                }
            } else if (open.containsKey(backend)) {
                open.get(backend).add(statement);
            }
        }
        return committed;
    }

    private static void setLogging(PostgresServer postgres, String level) {
        postgres.execute(level == null ? "ALTER SYSTEM RESET log_statement" : "ALTER SYSTEM SET log_statement = '" + level + "'",
                "SELECT pg_reload_conf()");
        try {
            // the backends take the new setting at their next statement
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
