package dev.totpguard.posture;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import dev.totpguard.posture.FlowNode.Condition;
import dev.totpguard.posture.FlowNode.Requirement;
import dev.totpguard.posture.FlowNode.Step;
import dev.totpguard.posture.FlowNode.SubFlow;

/**
 * What Keycloak's conditions (and ours) mean for the posture check: the ones a flow decides by itself (the user has a
 * device, the level of authentication reached, a sub-flow executed) and the facts they depend on otherwise ({@link Atom}s).
 */
final class Conditions {

    static final String DEVICE = "totp-guard-condition-device";
    static final String USER_CONFIGURED = "conditional-user-configured";
    static final String LEVEL = "conditional-level-of-authentication";
    static final String SUB_FLOW_EXECUTED = "conditional-sub-flow-executed";
    static final String ROLE = "conditional-user-role";
    static final String ATTRIBUTE = "conditional-user-attribute";
    static final String CLIENT_SCOPE = "conditional-client-scope";
    static final String CREDENTIAL = "conditional-credential";

    private Conditions() {
    }

    /**
     * The fact a condition depends on, or {@code null} when the flow itself decides it (device, level, sub-flow
     * executed, and "user configured" over our steps only).
     */
    static Atom atom(Condition c, SubFlow parent) {
        return switch (c.authenticator()) {
            case DEVICE, LEVEL, SUB_FLOW_EXECUTED -> null;
            case USER_CONFIGURED -> configuredAtom(parent, c);
            case ROLE -> new Atom("role:" + c.setting("condUserRole"), "users with role " + c.setting("condUserRole"),
                    "users without role " + c.setting("condUserRole"));
            case ATTRIBUTE -> {
                String what = "attribute " + c.setting("attribute_name") + " = " + c.setting("attribute_expected_value");
                yield new Atom("attribute:" + c.setting("attribute_name") + "=" + c.setting("attribute_expected_value")
                        + ":" + c.setting("regex") + ":" + c.setting("include_group_attributes"),
                        "users with " + what, "users without " + what);
            }
            case CLIENT_SCOPE -> new Atom("scope:" + c.setting("client_scope"),
                    "sign-ins that request client scope " + c.setting("client_scope"),
                    "sign-ins that do not request client scope " + c.setting("client_scope"));
            case CREDENTIAL -> new Atom("credential:" + c.setting("credentials"),
                    "sign-ins that used credential " + c.setting("credentials"),
                    "sign-ins that did not use credential " + c.setting("credentials"));
            default -> new Atom("condition:" + c.authenticator() + ":" + c.configAlias(),
                    "sign-ins where " + c.authenticator() + label(c) + " holds",
                    "sign-ins where " + c.authenticator() + label(c) + " does not hold");
        };
    }

    /** Whether the condition holds now, for a user with ({@code device}) or without a device. */
    static boolean holds(Condition c, SubFlow parent, boolean device, int reachedLevel, java.util.Set<String> executed,
                         Scenario scenario) {
        return switch (c.authenticator()) {
            case DEVICE -> device != "true".equalsIgnoreCase(c.setting("negate"));
            case USER_CONFIGURED -> userConfigured(parent, c, device, scenario);
            case LEVEL -> reachedLevel < 0 || scenario.requestedLevel() >= level(c);
            case SUB_FLOW_EXECUTED -> {
                // Keycloak: SUCCESS status of that sub-flow's execution; "not-executed" is the negation; a flow it
                // cannot find counts as not executed
                boolean wantExecuted = !"not-executed".equals(c.setting("check_result"));
                String flow = c.setting("flow_to_check");
                yield flow != null && executed.contains(flow) == wantExecuted || flow == null && !wantExecuted;
            }
            case ROLE -> scenario.value(atom(c, parent)) != "true".equalsIgnoreCase(c.setting("negate"));
            case ATTRIBUTE -> scenario.value(atom(c, parent)) != "true".equalsIgnoreCase(c.setting("not"));
            case CLIENT_SCOPE -> scenario.value(atom(c, parent)) != "true".equalsIgnoreCase(c.setting("negate"));
            case CREDENTIAL -> scenario.value(atom(c, parent)) != "false".equalsIgnoreCase(c.setting("included"));
            default -> scenario.value(atom(c, parent));
        };
    }

    /** The level of a level-of-authentication condition (Keycloak: none configured means 0). */
    static int level(Condition c) {
        String value = c.setting("loa-condition-level");
        return value != null && value.matches("[0-9]{1,3}") ? Integer.parseInt(value) : 0;
    }

    /**
     * Keycloak's "Condition - user configured": the other executions of its sub-flow that are steps (sub-flows and
     * conditions do not count): all REQUIRED ones configured for the user, or else any ALTERNATIVE one, or else true.
     */
    private static boolean userConfigured(SubFlow parent, Condition self, boolean device, Scenario scenario) {
        Configured configured = configured(parent, self);
        Atom others = configuredAtom(parent, self);
        if (configured.all) {
            return (!configured.ours || device) && (others == null || scenario.value(others));
        }
        return configured.ours && device || others != null && scenario.value(others);
    }

    private static Atom configuredAtom(SubFlow parent, Condition self) {
        Configured configured = configured(parent, self);
        if (configured.others.isEmpty()) {
            return null;
        }
        String list = String.join(configured.all ? " and " : " or ", configured.others);
        return new Atom("configured:" + (configured.all ? "all:" : "any:") + String.join(",", configured.others),
                "users who have set up " + list, "users who have not set up " + list);
    }

    /** The steps "user configured" looks at: whether they are all (REQUIRED) or any (ALTERNATIVE), ours among them. */
    private record Configured(boolean all, boolean ours, TreeSet<String> others) {
    }

    private static Configured configured(SubFlow parent, Condition self) {
        List<Step> steps = parent.children().stream()
                .filter(n -> n != self && n instanceof Step).map(Step.class::cast).toList();
        List<Step> required = steps.stream().filter(s -> s.requirement() == Requirement.REQUIRED).toList();
        List<Step> chosen = required.isEmpty()
                ? steps.stream().filter(s -> s.requirement() == Requirement.ALTERNATIVE).toList() : required;
        TreeSet<String> others = new TreeSet<>();
        boolean ours = false;
        for (Step step : chosen) {
            if (Steps.OURS.contains(step.authenticator())) {
                ours = true;
            } else {
                others.add(step.authenticator());
            }
        }
        return new Configured(!required.isEmpty() || chosen.isEmpty(), ours, others);
    }

    private static String label(Condition c) {
        return c.configAlias() == null ? "" : " (" + Objects.toString(c.configAlias()) + ")";
    }
}
