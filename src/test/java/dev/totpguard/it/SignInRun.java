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

    /** A code a node accepted for a user's device. */
    record Accepted(TotpDevice user, String code) {
    }

    private final String realm;
    private final List<TotpDevice> users;
    private final List<ClusterNode> rotation = new ArrayList<>();
    private final Map<ClusterNode, List<Accepted>> accepted = new java.util.HashMap<>();
    private final List<String> failures = new ArrayList<>();
    /**
     * Sign-ins retried once because Keycloak answered 5xx while another node was out of the rotation (stopping or
     * starting): Infinispan refuses writes to a cache that is stopping on the leaving node (ISPN000324), which
     * Keycloak turns into a 500 before any code of ours runs. A browser reloads; the retry must then succeed.
     */
    private final List<String> retried = new ArrayList<>();
    private final int nodesTotal;
    private final Map<ClusterNode, List<String>> failuresByNode = new java.util.HashMap<>();
    private final Thread thread;
    private ClusterNode inFlight;
    private volatile boolean stopping;
    private int next;
    private int nextUser;

    private SignInRun(String realm, List<TotpDevice> users, List<ClusterNode> nodes) {
        this.realm = realm;
        this.users = List.copyOf(users);
        this.rotation.addAll(nodes);
        this.nodesTotal = nodes.size();
        this.thread = new Thread(this::loop, "sign-in-run");
        this.thread.setDaemon(true);
    }

    static SignInRun start(String realm, List<TotpDevice> users, List<ClusterNode> nodes) {
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
        s.append(users.size()).append(" users");
        if (!retried.isEmpty()) {
            s.append("; retried once after a 5xx while a node was out of the rotation: ").append(retried);
        }
        return s.toString();
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
            TotpDevice user;
            synchronized (this) {
                node = rotation.isEmpty() ? null : rotation.get(next++ % rotation.size());
                user = node == null ? null : nextUser();
                inFlight = user == null ? null : node;
            }
            if (user == null) {
                Waits.sleep(500);
                continue;
            }
            boolean restartWindow;
            synchronized (this) {
                restartWindow = rotation.size() < nodesTotal;
            }
            String[] code = new String[1];
            String outcome = signIn(node, user, code);
            synchronized (this) {
                restartWindow |= rotation.size() < nodesTotal;
            }
            if (outcome != null && restartWindow && SERVER_ERROR.matcher(outcome).find()) {
                synchronized (this) {
                    retried.add(node + " " + user.username() + " " + outcome);
                }
                Waits.sleep(1000);
                outcome = signIn(node, user, code);
            }
            synchronized (this) {
                if (outcome == null) {
                    accepted.computeIfAbsent(node, n -> new ArrayList<>()).add(new Accepted(user, code[0]));
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

    /** A page Keycloak answered with 5xx, as the messages below name it ("… (500)", "refused: 500 …"). */
    private static final java.util.regex.Pattern SERVER_ERROR =
            java.util.regex.Pattern.compile("\\(5[0-9][0-9]\\)|: 5[0-9][0-9] ");

    /** One whole sign-in on {@code node}; {@code null} when it got an access token, else what went wrong. */
    private String signIn(ClusterNode node, TotpDevice user, String[] code) {
        try {
            Browser browser = new Browser(node.realmUrl(realm));
            Browser.Page prompt = DemoRealm.password(browser, user.username());
            if (!prompt.isCodePrompt()) {
                return "no code prompt: " + prompt;
            }
            code[0] = user.nextCode();
            Browser.Page done = browser.submit(prompt, Map.of("otp", code[0]));
            if (!done.isRedirectToClient()) {
                return "refused: " + done + " " + done.codeError().orElse("");
            }
            return browser.exchange(done).has("access_token") ? null : "no access token";
        } catch (RuntimeException | AssertionError e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The next user, round robin, who has a fresh step to give now; {@code null} if none has. */
    private TotpDevice nextUser() {
        for (int i = 0; i < users.size(); i++) {
            TotpDevice user = users.get(nextUser++ % users.size());
            if (user.hasNextCode()) {
                return user;
            }
        }
        return null;
    }
}
