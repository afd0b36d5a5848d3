package dev.totpguard.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the benchmark reports, per phase (one realm, a fixed number of concurrent sign-ins for a fixed time): sign-ins,
 * errors, durations of the code POST and of the whole sign-in (authorization request to token), and the CPU time the
 * Keycloak JVM(s) and PostgreSQL used from the first sign-in of the phase to its last (read from {@code /proc}).
 */
final class LoadStats {

    static final class Phase {
        final String name;
        final String realm;
        final boolean reported;
        final List<Long> codeNanos = new ArrayList<>();
        final List<Long> signInNanos = new ArrayList<>();
        int successes;
        int errors;
        long startNanos;
        long endNanos;
        long keycloakTicksStart;
        long keycloakTicksEnd;
        long postgresTicksStart;
        long postgresTicksEnd;

        Phase(String name, String realm, boolean reported) {
            this.name = name;
            this.realm = realm;
            this.reported = reported;
        }
    }

    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private volatile LongSupplier keycloakTicks = () -> 0;
    private volatile LongSupplier postgresTicks = () -> 0;

    synchronized void phase(String name, String realm, boolean reported) {
        phases.put(name, new Phase(name, realm, reported));
    }

    void probes(LongSupplier keycloak, LongSupplier postgres) {
        this.keycloakTicks = keycloak;
        this.postgresTicks = postgres;
    }

    synchronized void begin(String phase) {
        Phase p = phases.get(phase);
        if (p.startNanos == 0) {
            p.startNanos = System.nanoTime();
            p.keycloakTicksStart = keycloakTicks.getAsLong();
            p.postgresTicksStart = postgresTicks.getAsLong();
        }
    }

    synchronized void end(String phase, boolean ok, long codeNanos, long signInNanos) {
        Phase p = phases.get(phase);
        if (ok) {
            p.successes++;
            p.codeNanos.add(codeNanos);
            p.signInNanos.add(signInNanos);
        } else {
            p.errors++;
        }
        p.endNanos = System.nanoTime();
        p.keycloakTicksEnd = keycloakTicks.getAsLong();
        p.postgresTicksEnd = postgresTicks.getAsLong();
    }

    /** Per realm over its reported phases: sign-ins, per second, errors, code POST p50/p95/p99, whole p50/p95/p99, CPU ms. */
    private Map<String, double[]> rows(Iterable<String> realms) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (String realm : realms) {
            List<Long> code = new ArrayList<>();
            List<Long> signIn = new ArrayList<>();
            int ok = 0;
            int errors = 0;
            double seconds = 0;
            double kcTicks = 0;
            double pgTicks = 0;
            for (Phase p : phases.values()) {
                if (!p.reported || !p.realm.equals(realm)) {
                    continue;
                }
                code.addAll(p.codeNanos);
                signIn.addAll(p.signInNanos);
                ok += p.successes;
                errors += p.errors;
                seconds += (p.endNanos - p.startNanos) / 1e9;
                kcTicks += p.keycloakTicksEnd - p.keycloakTicksStart;
                pgTicks += p.postgresTicksEnd - p.postgresTicksStart;
            }
            double tick = 1000.0 / CpuProbe.TICKS_PER_SECOND;
            rows.put(realm, new double[] {ok, ok / seconds, errors,
                    ms(code, 50), ms(code, 95), ms(code, 99), ms(signIn, 50), ms(signIn, 95), ms(signIn, 99),
                    kcTicks * tick / ok, pgTicks * tick / ok});
        }
        return rows;
    }

    /** One row per realm over its reported phases, then the ratio ours ÷ built-in; Markdown. */
    synchronized String table(String title, Map<String, String> realmNames, String ours, String builtin) {
        Map<String, double[]> rows = rows(realmNames.keySet());
        StringBuilder s = new StringBuilder("### ").append(title).append("\n\n")
                .append("| second factor | sign-ins | sign-ins/s | errors | code POST p50 / p95 / p99 (ms) "
                        + "| whole sign-in p50 / p95 / p99 (ms) | Keycloak CPU per sign-in (ms) | PostgreSQL CPU per sign-in (ms) |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double[] r = row.getValue();
            s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %d | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %.1f | %.1f |%n",
                    realmNames.get(row.getKey()), (long) r[0], r[1], (long) r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]));
        }
        double[] o = rows.get(ours);
        double[] b = rows.get(builtin);
        s.append(String.format(Locale.ROOT, "| **ratio ours ÷ built-in** | | %.2f× | | %.2f× / %.2f× / %.2f× | %.2f× / %.2f× / %.2f× | %.2f× | %.2f× |%n",
                o[1] / b[1], o[3] / b[3], o[4] / b[4], o[5] / b[5], o[6] / b[6], o[7] / b[7], o[8] / b[8], o[9] / b[9],
                o[10] / b[10]));
        return s.toString();
    }

    /** An HTML page with one SVG bar chart of the table's milliseconds, built-in beside ours (rendered to PNG by Chromium). */
    synchronized String chart(String title, Map<String, String> realmNames) {
        Map<String, double[]> rows = rows(realmNames.keySet());
        String[] labels = {"code POST|p50", "code POST|p95", "code POST|p99", "whole sign-in|p50", "whole sign-in|p95",
            "whole sign-in|p99", "Keycloak CPU|per sign-in", "PostgreSQL CPU|per sign-in"};
        int[] index = {3, 4, 5, 6, 7, 8, 9, 10};
        String[] colours = {"#8c8c8c", "#1f6fb2"};
        double max = 1;
        for (double[] r : rows.values()) {
            for (int i : index) {
                max = Math.max(max, Double.isNaN(r[i]) ? 0 : r[i]);
            }
        }
        int width = 1000;
        int height = 420;
        int left = 60;
        int bottom = 340;
        int groupWidth = (width - left - 20) / labels.length;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>", width, height));
        svg.append("<rect width='100%' height='100%' fill='white'/>");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='15' font-weight='bold'>%s</text>", left, escape(title)));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = bottom - (int) ((bottom - 40) * tick / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#ddd'/><text x='%d' y='%d' text-anchor='end'>%.0f</text>",
                    left, y, width - 20, y, left - 6, y + 4, value));
        }
        svg.append(String.format(Locale.ROOT, "<text x='14' y='%d' transform='rotate(-90 14 %d)'>milliseconds</text>", bottom - 120, bottom - 120));
        int series = 0;
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            for (int g = 0; g < labels.length; g++) {
                double v = row.getValue()[index[g]];
                int barHeight = (int) Math.round((bottom - 40) * (Double.isNaN(v) ? 0 : v) / max);
                int x = left + g * groupWidth + 12 + series * (groupWidth - 24) / 2;
                svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/><text x='%d' y='%d' text-anchor='middle' font-size='11'>%.0f</text>",
                        x, bottom - barHeight, (groupWidth - 24) / 2 - 2, barHeight, colours[series % 2],
                        x + (groupWidth - 24) / 4, bottom - barHeight - 4, v));
            }
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/><text x='%d' y='%d'>%s</text>",
                    left + 10 + series * 260, height - 28, colours[series % 2], left + 28 + series * 260, height - 18,
                    escape(realmNames.get(row.getKey()))));
            series++;
        }
        for (int g = 0; g < labels.length; g++) {
            String[] lines = labels[g].split("\\|");
            int x = left + g * groupWidth + groupWidth / 2;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text><text x='%d' y='%d' text-anchor='middle'>%s</text>",
                    x, bottom + 18, escape(lines[0]), x, bottom + 33, escape(lines[1])));
        }
        svg.append("</svg>");
        return "<!DOCTYPE html><html><body style='margin:0;overflow:hidden'>" + svg + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    synchronized String phaseLines() {
        StringBuilder s = new StringBuilder();
        for (Phase p : phases.values()) {
            s.append(String.format(Locale.ROOT, "%s (%s%s): %d sign-ins, %d errors in %.1f s, code POST p50 %.0f ms%n", p.name,
                    p.realm, p.reported ? "" : ", warm-up", p.successes, p.errors, (p.endNanos - p.startNanos) / 1e9,
                    ms(new ArrayList<>(p.codeNanos), 50)));
        }
        return s.toString();
    }

    private static double ms(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /** CPU time (user + system, clock ticks) of processes, from {@code /proc/<pid>/stat}. */
    static final class CpuProbe {
        static final long TICKS_PER_SECOND = 100;

        /** The process's own CPU time plus that of its exited, waited-for children. */
        static long ticks(long pid, boolean withChildren) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17), indexes from field 3
                long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                return withChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** PostgreSQL: the postmaster (with its exited backends) and its live children. */
        static long postgresTicks(long postmaster) {
            long total = ticks(postmaster, true);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    String name = proc.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        if (Long.parseLong(f[1]) == postmaster) {
                            total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                return total;
            }
            return total;
        }
    }
}
