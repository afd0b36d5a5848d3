package dev.totpguard.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One scrape of Keycloak's management endpoint {@code /metrics} (Prometheus text format). */
final class Scrape {

    static final String URL = "http://localhost:9000/metrics";

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value, String line) {
    }

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    static Scrape now() {
        AdminApi.Reply reply = AdminApi.get(URL, null, "text/plain");
        assertEquals(200, reply.status(), "metrics endpoint");
        List<Sample> samples = new ArrayList<>();
        for (String line : reply.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3)), line.strip()));
        }
        return new Scrape(samples);
    }

    /** How much the sum of {@code name} (with {@code labels}) grew from {@code before} to {@code after}. */
    static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    /** Sum of the samples named {@code name} whose labels include {@code labels} (key, value, key, value…). */
    double sum(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    List<Sample> matching(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> wanted.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    /** Every sample whose name starts with {@code prefix}. */
    List<Sample> startingWith(String prefix) {
        return samples.stream().filter(s -> s.name().startsWith(prefix)).toList();
    }
}
