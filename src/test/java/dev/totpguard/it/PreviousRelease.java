package dev.totpguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The previous release, built from git inside the test run: its jar and its demo realm, for the upgrade tests. The
 * release is the tag {@value #TAG}; a clone without it (a shallow clone, tags not fetched, a source archive) fails the
 * test with what to run, it is never skipped.
 *
 * <p>{@code git archive <commit> | tar -x} into {@code target/previous-release/}, then {@code mvn -B -q
 * -Dmaven.test.skip=true package} there with the outer build's local repository (every artifact that release needs is
 * one the current build already has: it builds without network). The jar is copied to a name with the commit (a
 * release's own version name may be a later build's too) and reused by later runs; the sources are deleted.
 */
final class PreviousRelease {

    static final String TAG = "v0.1.0";

    private final String commit;
    private final Path jar;
    private final Path realm;

    private PreviousRelease(String commit, Path jar, Path realm) {
        this.commit = commit;
        this.jar = jar;
        this.realm = realm;
    }

    /** The previous release's jar and demo realm, built now or by an earlier run (about 20 s to build). */
    static PreviousRelease build() {
        String commit = resolve();
        Path dir = Path.of("target", "previous-release").toAbsolutePath();
        String shortId = commit.substring(0, 12);
        Path jar = dir.resolve("keycloak-totp-guard-" + shortId + ".jar");
        Path realm = dir.resolve("totp-demo-realm-" + shortId + ".json");
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(realm)) {
                Path part = dir.resolve(realm.getFileName() + ".part");
                run(dir, List.of("bash", "-c", "git show \"$0\":realm-export/totp-demo-realm.json > \"$1\"", commit,
                        part.toString()), dir.resolve("realm.log"), 1);
                Files.move(part, realm, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.isRegularFile(jar)) {
                System.out.printf("[figures] previous release %s: jar reused from an earlier run (%s)%n", shortId, jar);
                return new PreviousRelease(commit, jar, realm);
            }
            long started = System.nanoTime();
            Path sources = dir.resolve("src-" + shortId);
            ClusterIT.deleteTree(sources);
            Files.createDirectories(sources);
            run(Path.of("").toAbsolutePath(), List.of("bash", "-c", "set -o pipefail; git archive \"$0\" | tar -x -C \"$1\"",
                    commit, sources.toString()), dir.resolve("archive.log"), 2);
            List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dmaven.test.skip=true"));
            String repo = System.getProperty("totpguard.maven.repo.local", "");
            if (!repo.isBlank()) {
                mvn.add("-Dmaven.repo.local=" + repo);
            }
            mvn.add("package");
            run(sources, mvn, dir.resolve("build.log"), 10);
            try (var built = Files.list(sources.resolve("target"))) {
                Path only = built.filter(p -> p.getFileName().toString().matches("keycloak-totp-guard-.*\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("the previous release built no jar: see "
                                + dir.resolve("build.log")));
                Files.copy(only, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            ClusterIT.deleteTree(sources);
            System.out.printf("[figures] previous release %s: jar built from git in %d s%n", shortId,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            return new PreviousRelease(commit, jar, realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String commit() {
        return commit;
    }

    /** The release's jar, as operators deployed it. */
    Path jar() {
        return jar;
    }

    /** The release's demo realm (the realm of that version: no provider it lacks). */
    Path realm() {
        return realm;
    }

    /** The tag's commit, or a failure that says what to do. */
    private static String resolve() {
        String tagged = revParse(TAG + "^{commit}");
        if (tagged == null) {
            throw new IllegalStateException("the previous release is not in this clone: no tag " + TAG + " (a shallow "
                    + "clone, tags not fetched, a source archive?); run `git fetch --tags` (with `--unshallow` in a shallow "
                    + "clone), then run the upgrade tests again");
        }
        return tagged;
    }

    private static String revParse(String rev) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--verify", "--quiet", rev).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new IllegalStateException("git rev-parse did not finish within 30 s");
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            throw new IllegalStateException("git is needed to build the previous release (" + TAG + ") for the upgrade tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(Path dir, List<String> command, Path log, int minutes) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " did not finish within " + minutes + " min: see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("building the previous release failed (" + command.get(0) + ", exit "
                        + process.exitValue() + "): see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
