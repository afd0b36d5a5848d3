package dev.totpguard.it;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitBlockOnFail;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.totpguard.credential.SeedKeys;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * End-to-end sign-ins against Keycloak's built-in OTP form and ours, in one run, on one Keycloak (or, with
 * {@code -Dload.cluster=true}, the two-node cluster of ClusterIT): PostgreSQL, Keycloak in production mode with our jar,
 * two realms that differ only in the second factor (see {@link LoadSetup}). Each virtual user: authorization request
 * (PKCE) → username/password → every 4th sign-in a wrong code first → the code of the current step → authorization
 * code → token. Phases alternate between the realms (built-in, ours, built-in, ours…), each a fixed number of
 * concurrent sign-ins for a fixed time, after one warm-up phase per realm. The summary table goes to
 * {@code target/load/summary.md}; Gatling's HTML report to {@code target/gatling/}.
 */
public class SignInSimulation extends Simulation {

    private static final int USERS = Integer.getInteger("load.users", 1000);
    private static final int CONCURRENCY = Integer.getInteger("load.concurrency", 8);
    private static final int PHASE_SECONDS = Integer.getInteger("load.phase", 45);
    private static final int WARMUP_SECONDS = Integer.getInteger("load.warmup", 20);
    private static final int ROUNDS = Integer.getInteger("load.rounds", 2);
    private static final boolean CLUSTER = Boolean.getBoolean("load.cluster");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"");
    private static final Pattern AUTH_CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final LoadStats STATS = new LoadStats();
    private static final Map<String, LoadUser.Pool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> SIGN_INS = Map.of(LoadSetup.BUILTIN, new AtomicLong(), LoadSetup.GUARD, new AtomicLong());

    private final Path work = Path.of("target", "load").toAbsolutePath();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private PostgresServer postgres;

    public SignInSimulation() {
        List<String> urls = CLUSTER ? List.of("http://127.0.0.1:8480", "http://127.0.0.1:8580") : List.of("http://127.0.0.1:8480");
        HttpProtocolBuilder protocol = http.baseUrls(urls).disableFollowRedirect().disableCaching()
                .acceptHeader("text/html,application/json").userAgentHeader("totp-guard-load");
        List<PopulationBuilder> phases = new ArrayList<>();
        phases.add(phase("warm-up built-in", LoadSetup.BUILTIN, false, WARMUP_SECONDS));
        phases.add(phase("warm-up ours", LoadSetup.GUARD, false, WARMUP_SECONDS));
        for (int round = 1; round <= ROUNDS; round++) {
            phases.add(phase("built-in " + round, LoadSetup.BUILTIN, true, PHASE_SECONDS));
            phases.add(phase("ours " + round, LoadSetup.GUARD, true, PHASE_SECONDS));
        }
        PopulationBuilder chain = phases.get(phases.size() - 1);
        for (int i = phases.size() - 2; i >= 0; i--) {
            chain = phases.get(i).andThen(chain);
        }
        setUp(chain).protocols(protocol);
    }

    private static PopulationBuilder phase(String name, String realm, boolean reported, int seconds) {
        STATS.phase(name, realm, reported);
        String label = LoadSetup.BUILTIN.equals(realm) ? "built-in" : "ours";
        ChainBuilder acquire = exec(session -> {
            LoadUser user = POOLS.get(realm).acquire();
            return user == null ? session : start(session, name, realm, user);
        });
        ChainBuilder flow = exec(http(label + ": authorization request").get("#{authUrl}")
                        .check(status().is(200), regex(FORM_ACTION.pattern()).find().transform(SignInSimulation::unescape).saveAs("action")))
                .exec(http(label + ": password").post("#{action}")
                        .formParam("username", "#{username}").formParam("password", "#{username}")
                        .check(status().is(200), substring("name=\"otp\""),
                                regex(FORM_ACTION.pattern()).find().transform(SignInSimulation::unescape).saveAs("action")))
                .exec(doIf("#{wrongFirst}").then(exec(session -> session.set("wrongCode", ((LoadUser) session.get("user")).wrongCode()))
                        .exec(http(label + ": wrong code").post("#{action}").formParam("otp", "#{wrongCode}")
                                .check(status().is(200), substring("name=\"otp\""),
                                        regex(FORM_ACTION.pattern()).find().transform(SignInSimulation::unescape).saveAs("action")))))
                .exec(session -> session.set("code", ((LoadUser) session.get("user")).codeNow()).set("codeStart", System.nanoTime()))
                .exec(http(label + ": code").post("#{action}").formParam("otp", "#{code}")
                        .check(status().is(302), header("Location").transform(SignInSimulation::authorizationCode).saveAs("authCode")))
                .exec(session -> session.set("codeNanos", System.nanoTime() - session.getLong("codeStart")))
                .exec(http(label + ": token").post("/realms/" + realm + "/protocol/openid-connect/token")
                        .formParam("grant_type", "authorization_code").formParam("code", "#{authCode}")
                        .formParam("redirect_uri", LoadSetup.REDIRECT_URI).formParam("client_id", LoadSetup.CLIENT_ID)
                        .formParam("code_verifier", "#{verifier}")
                        .check(status().is(200), jsonPath("$.access_token").exists()));
        ScenarioBuilder scenario = scenario(name)
                .exec(acquire)
                .exec(asLongAs(session -> !session.contains("user")).on(pause(Duration.ofMillis(200)).exec(acquire)))
                .exec(exitBlockOnFail().on(flow))
                .exec(session -> {
                    LoadUser user = session.get("user");
                    boolean ok = !session.isFailed();
                    STATS.end(name, ok, ok ? session.getLong("codeNanos") : 0, System.nanoTime() - session.getLong("signInStart"));
                    POOLS.get(realm).release(user);
                    return session.remove("code").remove("wrongCode");
                });
        return scenario.injectClosed(constantConcurrentUsers(CONCURRENCY).during(Duration.ofSeconds(seconds)));
    }

    /** A user is free: PKCE verifier and the authorization request, and whether a wrong code goes first. */
    private static Session start(Session session, String phase, String realm, LoadUser user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String authUrl = "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + LoadSetup.CLIENT_ID
                + "&response_type=code&scope=openid&redirect_uri=" + LoadSetup.enc(LoadSetup.REDIRECT_URI)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256&state=" + Long.toHexString(RANDOM.nextLong());
        STATS.begin(phase);
        return session.set("user", user).set("username", user.username).set("verifier", verifier).set("authUrl", authUrl)
                .set("wrongFirst", SIGN_INS.get(realm).incrementAndGet() % 4 == 0).set("signInStart", System.nanoTime());
    }

    @Override
    public void before() {
        try {
            ClusterIT.deleteTree(work);
            Files.createDirectories(work);
            postgres = PostgresServer.start(work.resolve("postgres"));
            Path built = ClusterNode.buildDistribution(work);
            String key = SeedKeys.newKeyLine("load-1", RANDOM);
            nodes.add(new ClusterNode("kc-1", built, work, postgres.jdbcUrl(), 8480, 9480, 7883));
            if (CLUSTER) {
                nodes.add(new ClusterNode("kc-2", built, work, postgres.jdbcUrl(), 8580, 9580, 7884));
            }
            for (ClusterNode node : nodes) {
                LoadSetup.write(node.keysFile(), key + "\n");
                node.start(null, false);
                node.awaitReady();
            }
            if (CLUSTER) {
                nodes.forEach(n -> n.awaitView(2));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopServers));
            long setupStart = System.nanoTime();
            List<List<LoadUser>> users = new LoadSetup(nodes.get(0).baseUrl()).create(USERS);
            POOLS.put(LoadSetup.BUILTIN, new LoadUser.Pool(users.get(0)));
            POOLS.put(LoadSetup.GUARD, new LoadUser.Pool(users.get(1)));
            System.out.printf("[load] %d node(s) up, 2 realms with %d users each in %d s; %d concurrent sign-ins, phases of %d s%n",
                    nodes.size(), USERS, (System.nanoTime() - setupStart) / 1_000_000_000L, CONCURRENCY, PHASE_SECONDS);
            long postmaster = postgres.pid();
            List<Long> pids = nodes.stream().map(ClusterNode::pid).toList();
            STATS.probes(() -> pids.stream().mapToLong(pid -> LoadStats.CpuProbe.ticks(pid, false)).sum(),
                    () -> LoadStats.CpuProbe.postgresTicks(postmaster));
        } catch (Exception e) {
            stopServers();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void after() {
        try {
            Map<String, String> names = new LinkedHashMap<>();
            names.put(LoadSetup.BUILTIN, "Keycloak built-in OTP form");
            names.put(LoadSetup.GUARD, "totp-guard form");
            String title = (CLUSTER ? "Two nodes" : "One node") + ": " + CONCURRENCY + " concurrent sign-ins, " + ROUNDS
                    + " × " + PHASE_SECONDS + " s per realm, alternating, " + USERS + " users per realm";
            String table = STATS.table(title, names, LoadSetup.GUARD, LoadSetup.BUILTIN);
            String phases = STATS.phaseLines();
            System.out.println("\n" + table + "\n" + phases);
            String kind = CLUSTER ? "cluster" : "single";
            LoadSetup.write(work.getParent().resolve("load-summary-" + kind + ".md"), table + "\n" + phases);
            LoadSetup.write(work.getParent().resolve("load-chart-" + kind + ".html"), STATS.chart(title, names));
        } finally {
            stopServers();
        }
    }

    private synchronized void stopServers() {
        for (ClusterNode node : nodes) {
            node.stop();
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static String unescape(String action) {
        return action.replace("&amp;", "&");
    }

    private static String authorizationCode(String location) {
        Matcher m = AUTH_CODE.matcher(location);
        if (!m.find()) {
            throw new IllegalStateException("no authorization code in the redirect");
        }
        return m.group(1);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
