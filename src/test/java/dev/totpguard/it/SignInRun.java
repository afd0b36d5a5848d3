package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run of sign-ins in a background thread, like users behind a load balancer: each sign-in (password, code of a fresh
 * step, token) goes whole to the next node in the rotation, round robin. {@link #remove} takes a node out of the
 * rotation and waits until no sign-in is in flight on it (a draining load balancer); failures are recorded by node,
 * never with a code.
 */
final class SignInRun implements AutoCloseable {

    /** A code a node accepted for a user. */
    record Accepted(ClusterIT.ClusterUser user, String code) {
    }

    private final String realm;
    private final List<ClusterIT.ClusterUser> users;
    private final List<ClusterNode> rotation = new ArrayList<>();
    private final Map<ClusterNode, List<Accepted>> accepted = new java.util.HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<ClusterNode, List<String>> failuresByNode = new java.util.HashMap<>();
    private final Thread thread;
    private ClusterNode inFlight;
    private volatile boolean stopping;
    private int next;
    private int nextUser;

    private SignInRun(String realm, List<ClusterIT.ClusterUser> users, List<ClusterNode> nodes) {
        this.realm = realm;
        this.users = List.copyOf(users);
        this.rotation.addAll(nodes);
        this.thread = new Thread(this::loop, "sign-in-run");
        this.thread.setDaemon(true);
    }

    static SignInRun start(String realm, List<ClusterIT.ClusterUser> users, List<ClusterNode> nodes) {
        SignInRun run = new SignInRun(realm, users, nodes);
        run.thread.start();
        return run;
    }

    synchronized void remove(ClusterNode node) {
        rotation.remove(node);
        while (inFlight == node) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    synchronized void add(ClusterNode node) {
        if (!rotation.contains(node)) {
            rotation.add(node);
        }
    }

    synchronized int successes(ClusterNode node) {
        return accepted.getOrDefault(node, List.of()).size();
    }

    synchronized List<Accepted> accepted(ClusterNode node) {
        return List.copyOf(accepted.getOrDefault(node, List.of()));
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized List<String> failuresOn(ClusterNode node) {
        return List.copyOf(failuresByNode.getOrDefault(node, List.of()));
    }

    synchronized String summary() {
        java.util.Set<ClusterNode> nodes = new java.util.TreeSet<>(java.util.Comparator.comparing((ClusterNode n) -> n.name));
        nodes.addAll(accepted.keySet());
        nodes.addAll(failuresByNode.keySet());
        StringBuilder s = new StringBuilder();
        for (ClusterNode node : nodes) {
            s.append(node).append(": ").append(accepted.getOrDefault(node, List.of()).size()).append(" sign-ins, ")
                    .append(failuresByNode.getOrDefault(node, List.of()).size()).append(" failed; ");
        }
        return s.append(users.size()).append(" users").toString();
    }

    /** Waits until {@code node} has {@code count} successful sign-ins in this run. */
    void awaitSuccesses(ClusterNode node, int count, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (successes(node) < count) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new AssertionError("no " + count + " sign-ins on " + node + " within " + timeoutSeconds + " s: "
                        + summary() + " " + failures());
            }
            Thread.sleep(200);
        }
    }

    void stopAndWait() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(120));
    }

    @Override
    public void close() {
        try {
            stopAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!stopping) {
            ClusterNode node;
            ClusterIT.ClusterUser user;
            synchronized (this) {
                node = rotation.isEmpty() ? null : rotation.get(next++ % rotation.size());
                user = node == null ? null : nextUser();
                inFlight = user == null ? null : node;
            }
            if (user == null) {
                sleep(500);
                continue;
            }
            String outcome;
            String code = null;
            try {
                Browser browser = new Browser(node.realmUrl(realm));
                Browser.Page prompt = DemoRealm.password(browser, user.username());
                if (!prompt.isCodePrompt()) {
                    outcome = "no code prompt: " + prompt;
                } else {
                    code = user.device().nextCode();
                    Browser.Page done = browser.submit(prompt, Map.of("otp", code));
                    if (!done.isRedirectToClient()) {
                        outcome = "refused: " + done + " " + done.codeError().orElse("");
                    } else {
                        outcome = browser.exchange(done).has("access_token") ? null : "no access token";
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            synchronized (this) {
                if (outcome == null) {
                    accepted.computeIfAbsent(node, n -> new ArrayList<>()).add(new Accepted(user, code));
                } else {
                    String failure = node + " " + user.username() + " " + outcome;
                    failures.add(failure);
                    failuresByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(failure);
                }
                inFlight = null;
                notifyAll();
            }
        }
    }

    /** The next user, round robin, who has a fresh step to give now; {@code null} if none has. */
    private ClusterIT.ClusterUser nextUser() {
        for (int i = 0; i < users.size(); i++) {
            ClusterIT.ClusterUser user = users.get(nextUser++ % users.size());
            if (user.device().hasNextCode()) {
                return user;
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
