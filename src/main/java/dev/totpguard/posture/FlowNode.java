package dev.totpguard.posture;

import java.util.List;
import java.util.Map;

/**
 * One execution of an authentication flow as the posture check reads it: our own small model, without Keycloak types,
 * so that the verdict over a flow ({@link FlowVerdict}) is a pure function. {@link FlowTrees} builds it from a realm.
 */
public sealed interface FlowNode permits FlowNode.Step, FlowNode.Condition, FlowNode.SubFlow {

    /** Keycloak's requirement of an execution. */
    enum Requirement { REQUIRED, CONDITIONAL, ALTERNATIVE, DISABLED }

    Requirement requirement();

    /** An authenticator execution (a form, a check), by provider id. */
    record Step(String authenticator, Requirement requirement) implements FlowNode {
    }

    /**
     * An execution whose authenticator is one of Keycloak's conditional authenticators (a condition of its sub-flow),
     * with its config ({@code configAlias} names it; the map is empty without a config).
     */
    record Condition(String authenticator, Requirement requirement, String configAlias, Map<String, String> config)
            implements FlowNode {
        public Condition {
            config = config == null ? Map.of() : Map.copyOf(config);
        }

        String setting(String key) {
            String value = config.get(key);
            return value == null ? null : value.strip();
        }
    }

    /** A flow: a top-level flow (requirement {@link Requirement#REQUIRED}) or a sub-flow execution. */
    record SubFlow(String alias, Requirement requirement, List<FlowNode> children) implements FlowNode {
        public SubFlow {
            children = List.copyOf(children);
        }

        /** A top-level flow. */
        static SubFlow top(String alias, FlowNode... children) {
            return new SubFlow(alias, Requirement.REQUIRED, List.of(children));
        }
    }
}
