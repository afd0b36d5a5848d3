package dev.totpguard.posture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.totpguard.posture.FlowNode.Condition;
import dev.totpguard.posture.FlowNode.Requirement;
import dev.totpguard.posture.FlowNode.SubFlow;
import dev.totpguard.posture.Verdict.Result;

/**
 * The verdict over one flow: does a fresh sign-in through it ask a user who has a totp-guard device for a code (or a
 * recovery code)? A pure function of the flow tree. Every combination of the facts the flow's conditions depend on
 * (roles, attributes, client scopes…: {@link Atom}s) and of the level of authentication asked for is run through
 * Keycloak's rules ({@link Simulation}): checked when every one of them asks a device user for a code, not checked
 * when none does, partly otherwise, naming whom it asks.
 */
public final class FlowVerdict {

    /** Conditions on more facts than this are not judged (2^n combinations). */
    static final int MAX_ATOMS = 12;

    private FlowVerdict() {
    }

    /**
     * @param flow         the flow bound to the way in, or {@code null} when none is
     * @param reset        for a reset-credentials flow: the code must come before Reset Password
     * @param minimumLevel the lowest level of authentication a sign-in asks for here (a client's minimum ACR), or 0
     */
    public static Verdict judge(SubFlow flow, boolean reset, int minimumLevel) {
        if (flow == null) {
            return new Verdict(Result.NOT_CHECKED, "nobody", "no flow is bound");
        }
        if (!Steps.containsOurs(flow)) {
            return new Verdict(Result.NOT_CHECKED, "nobody", "flow '" + flow.alias() + "' has no enabled TOTP Guard"
                    + " step: users with a device get through without a code");
        }
        Map<String, Atom> atoms = new LinkedHashMap<>();
        TreeSet<Integer> levels = new TreeSet<>(List.of(Math.max(0, minimumLevel)));
        collect(flow, atoms, levels);
        levels.removeIf(level -> level < minimumLevel);
        if (atoms.size() > MAX_ATOMS) {
            return new Verdict(Result.PARTLY, "not judged", "flow '" + flow.alias() + "' has conditions on "
                    + atoms.size() + " facts (at most " + MAX_ATOMS + " are judged): check it by hand");
        }
        List<Atom> facts = List.copyOf(atoms.values());
        Set<String> notes = new LinkedHashSet<>();
        List<Scenario> all = scenarios(facts, levels);
        List<Scenario> checked = new ArrayList<>();
        boolean everyone = true;
        for (Scenario scenario : all) {
            if (checks(flow, scenario, true, reset, notes)) {
                checked.add(scenario);
            }
            everyone &= checks(flow, scenario, false, reset, new LinkedHashSet<>());
        }
        String because = notes.isEmpty() ? "" : ": " + String.join("; ", notes);
        if (checked.size() == all.size()) {
            return new Verdict(Result.CHECKED, everyone ? "everyone" : "users with a device",
                    "every fresh sign-in through '" + flow.alias() + "' asks " + (everyone ? "every user" : "a user with a device")
                            + " for a code (or a recovery code)" + (reset ? " before the new password" : ""));
        }
        if (checked.isEmpty()) {
            return new Verdict(Result.NOT_CHECKED, "nobody", notes.isEmpty()
                    ? "a user with a device gets through '" + flow.alias() + "' without a code"
                    : String.join("; ", notes));
        }
        String who = who(facts, levels, all, checked);
        return new Verdict(Result.PARTLY, who, "only " + who + " are asked for a code; other users with a device get"
                + " through '" + flow.alias() + "' without one" + because);
    }

    private static boolean checks(SubFlow flow, Scenario scenario, boolean device, boolean reset, Set<String> notes) {
        return new Simulation(scenario, device, reset, notes).run(flow, Simulation.start()).stream()
                .allMatch(Simulation.Path::checked);
    }

    /** The facts the conditions of CONDITIONAL sub-flows depend on, and the levels of authentication they name. */
    private static void collect(SubFlow flow, Map<String, Atom> atoms, Set<Integer> levels) {
        for (FlowNode node : flow.children()) {
            if (node.requirement() == Requirement.DISABLED) {
                continue;
            }
            if (node instanceof Condition c && flow.requirement() == Requirement.CONDITIONAL) {
                Atom atom = Conditions.atom(c, flow);
                if (atom != null) {
                    atoms.putIfAbsent(atom.key(), atom);
                }
                if (Conditions.LEVEL.equals(c.authenticator())) {
                    levels.add(Conditions.level(c));
                }
            } else if (node instanceof SubFlow sub) {
                collect(sub, atoms, levels);
            }
        }
    }

    private static List<Scenario> scenarios(List<Atom> facts, Set<Integer> levels) {
        List<Scenario> all = new ArrayList<>();
        for (int level : levels) {
            for (int bits = 0; bits < 1 << facts.size(); bits++) {
                Map<String, Boolean> values = new LinkedHashMap<>();
                for (int i = 0; i < facts.size(); i++) {
                    values.put(facts.get(i).key(), (bits >> i & 1) == 1);
                }
                all.add(new Scenario(Map.copyOf(values), level));
            }
        }
        return all;
    }

    /**
     * Whom a partial check asks, in words: what every checked combination has in common ("users with role admin",
     * "sign-ins that ask for level of authentication 2 or more"), prefixed with "some" when that is not the whole story.
     */
    static String who(List<Atom> facts, TreeSet<Integer> levels, List<Scenario> all, List<Scenario> checked) {
        List<String> words = new ArrayList<>();
        Map<String, Boolean> common = new LinkedHashMap<>();
        for (Atom atom : facts) {
            boolean first = checked.get(0).value(atom);
            if (checked.stream().allMatch(s -> s.value(atom) == first)) {
                common.put(atom.key(), first);
                words.add(atom.describe(first));
            }
        }
        int lowest = checked.stream().mapToInt(Scenario::requestedLevel).min().orElse(0);
        if (lowest > levels.first()) {
            words.add("sign-ins that ask for level of authentication " + lowest + " or more");
        }
        boolean exact = all.stream()
                .filter(s -> s.requestedLevel() >= lowest
                        && common.entrySet().stream().allMatch(e -> e.getValue().equals(s.atoms().get(e.getKey()))))
                .allMatch(checked::contains);
        if (words.isEmpty()) {
            return "some users with a device";
        }
        return (exact ? "" : "some of the ") + String.join(" and ", words);
    }
}
