package dev.totpguard.posture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.totpguard.posture.FlowNode.Condition;
import dev.totpguard.posture.FlowNode.Requirement;
import dev.totpguard.posture.FlowNode.Step;
import dev.totpguard.posture.FlowNode.SubFlow;

/**
 * Keycloak's processing of a flow (its {@code DefaultAuthenticationFlow}) for one {@link Scenario}, on a fresh sign-in:
 * every way a user can get through it, and whether each way passed a step of ours. At one level, REQUIRED and
 * CONDITIONAL executions run in order and ALTERNATIVE ones beside them never run; without them, any one alternative is
 * enough (the user picks the weakest: "Try another way"); a CONDITIONAL sub-flow runs only when it has conditions and
 * they all hold; DISABLED executions never run; conditions outside a CONDITIONAL sub-flow are ignored.
 */
final class Simulation {

    /** Ways through the flow are not followed beyond this many at once (flows are far smaller). */
    private static final int MAX_PATHS = 512;

    /**
     * Where a sign-in stands: whether it passed a step of ours ({@code checked}), the level of authentication reached
     * ({@code -1}: none yet), the sub-flows that succeeded (by alias), and whether Reset Password ran.
     */
    record Path(boolean checked, int level, Set<String> executed, boolean passwordReset) {

        Path check() {
            return new Path(true, level, executed, passwordReset);
        }

        Path succeeded(String flow, int reached) {
            Set<String> done = new LinkedHashSet<>(executed);
            done.add(flow);
            return new Path(checked, reached, Set.copyOf(done), passwordReset);
        }

        Path afterPasswordReset() {
            return new Path(checked, level, executed, true);
        }
    }

    private final Scenario scenario;
    private final boolean device;
    private final boolean reset;
    private final Set<String> notes;

    /**
     * @param device whether the user has a device
     * @param reset  for a reset-credentials flow: a step of ours counts only before Reset Password
     * @param notes  collects what Keycloak skips or lets through, in words
     */
    Simulation(Scenario scenario, boolean device, boolean reset, Set<String> notes) {
        this.scenario = scenario;
        this.device = device;
        this.reset = reset;
        this.notes = notes;
    }

    static Path start() {
        return new Path(false, -1, Set.of(), false);
    }

    /** Every way through {@code flow} from {@code path} that ends in success. */
    List<Path> run(SubFlow flow, Path path) {
        List<FlowNode> required = new ArrayList<>();
        List<FlowNode> alternatives = new ArrayList<>();
        for (FlowNode node : flow.children()) {
            if (node instanceof Condition || node.requirement() == Requirement.DISABLED) {
                continue;
            }
            (node.requirement() == Requirement.ALTERNATIVE ? alternatives : required).add(node);
        }
        if (!required.isEmpty()) {
            for (FlowNode ignored : alternatives) {
                if (Steps.containsOurs(ignored)) {
                    notes.add(name(ignored) + " is ALTERNATIVE beside REQUIRED or CONDITIONAL executions in '"
                            + flow.alias() + "': Keycloak never runs it");
                }
            }
            List<Path> paths = List.of(path);
            for (FlowNode node : required) {
                List<Path> next = new ArrayList<>();
                for (Path p : paths) {
                    if (node instanceof SubFlow sub && node.requirement() == Requirement.CONDITIONAL && !enabled(sub, p)) {
                        next.add(p);
                    } else {
                        next.addAll(execute(node, p));
                    }
                }
                paths = distinct(next);
            }
            return paths;
        }
        List<FlowNode> signIns = alternatives.stream()
                .filter(n -> !(n instanceof Step s && Steps.NOT_A_SIGN_IN.contains(s.authenticator()))).toList();
        if (signIns.isEmpty()) {
            return List.of(path); // nothing, or only the SSO cookie: nothing asked here
        }
        List<Path> paths = new ArrayList<>();
        for (FlowNode alternative : signIns) {
            List<Path> through = execute(alternative, path);
            if (through.stream().anyMatch(p -> !p.checked()) && !path.checked()
                    && signIns.stream().anyMatch(Steps::containsOurs)) {
                notes.add("ALTERNATIVE " + name(alternative) + " beside the TOTP Guard step in '" + flow.alias()
                        + "' lets a user through without a code");
            }
            paths.addAll(through);
        }
        return distinct(paths);
    }

    /** Keycloak's rule for a CONDITIONAL sub-flow: it has enabled conditions and they all hold. */
    private boolean enabled(SubFlow sub, Path path) {
        List<Condition> conditions = sub.children().stream()
                .filter(n -> n instanceof Condition && n.requirement() != Requirement.DISABLED)
                .map(Condition.class::cast).toList();
        if (conditions.isEmpty()) {
            if (Steps.containsOurs(sub)) {
                notes.add("conditional sub-flow '" + sub.alias() + "' has no condition: Keycloak never runs it");
            }
            return false;
        }
        return conditions.stream().allMatch(c -> Conditions.holds(c, sub, device, path.level(), path.executed(), scenario));
    }

    private List<Path> execute(FlowNode node, Path path) {
        if (node instanceof SubFlow sub) {
            int reached = sub.children().stream()
                    .filter(n -> n instanceof Condition c && n.requirement() != Requirement.DISABLED
                            && Conditions.LEVEL.equals(c.authenticator()))
                    .mapToInt(n -> Conditions.level((Condition) n)).max().orElse(Integer.MIN_VALUE);
            return run(sub, path).stream()
                    .map(p -> p.succeeded(sub.alias(), reached == Integer.MIN_VALUE ? p.level() : reached)).toList();
        }
        Step step = (Step) node;
        if (Steps.OURS.contains(step.authenticator())) {
            if (!device && node.requirement() == Requirement.ALTERNATIVE) {
                return List.of(); // not configured for the user: Keycloak skips this alternative
            }
            return List.of(counted(path));
        }
        if (Steps.SUBSTITUTES.contains(step.authenticator())) {
            return List.of(counted(path));
        }
        if (reset && Steps.RESET_PASSWORD.equals(step.authenticator())) {
            return List.of(path.afterPasswordReset());
        }
        return List.of(path);
    }

    private Path counted(Path path) {
        if (reset && path.passwordReset()) {
            notes.add("the code is asked after Reset Password: the new password is set without it");
            return path;
        }
        return path.check();
    }

    private static List<Path> distinct(List<Path> paths) {
        List<Path> unique = new ArrayList<>(new LinkedHashSet<>(paths));
        if (unique.size() > MAX_PATHS) {
            throw new IllegalStateException("more than " + MAX_PATHS + " ways through the flow");
        }
        return unique;
    }

    static String name(FlowNode node) {
        return node instanceof SubFlow sub ? "sub-flow '" + sub.alias() + "'" : ((Step) node).authenticator();
    }
}
