package dev.totpguard.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds flows through the admin REST API, as an admin does in the Admin Console, and binds them. */
final class Flows {

    private final RealmResource realm;
    private final AuthenticationManagementResource flows;

    Flows(RealmResource realm) {
        this.realm = realm;
        this.flows = realm.flows();
    }

    /** A new top-level basic flow. */
    Flows top(String alias) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setDescription(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        AdminApi.created(flows.createFlow(flow), "create flow " + alias);
        return this;
    }

    /** Adds a step (authenticator or condition) at the end of {@code parent}; returns its execution id. */
    String step(String parent, String provider, String requirement) {
        flows.addExecution(parent, Map.of("provider", provider));
        return require(parent, e -> !Boolean.TRUE.equals(e.getAuthenticationFlow()) && provider.equals(e.getProviderId()),
                requirement);
    }

    /** Adds a sub-flow at the end of {@code parent}. */
    Flows subFlow(String parent, String alias, String requirement) {
        flows.addExecutionFlow(parent, Map.of("alias", alias, "type", "basic-flow", "provider", "registration-page-form",
                "description", alias));
        require(parent, e -> Boolean.TRUE.equals(e.getAuthenticationFlow()) && alias.equals(e.getDisplayName()), requirement);
        return this;
    }

    /**
     * A new browser flow as docs/realm-admin.md's recipe 1 builds it: the SSO cookie, or the username and password form
     * and then, for a user with a device, totp-guard's code step (sub-flows {@code "<alias> forms"} and
     * {@code "<alias> code"}). Returns the code step's execution id.
     */
    String browserWithCode(String alias) {
        top(alias);
        step(alias, "auth-cookie", "ALTERNATIVE");
        subFlow(alias, alias + " forms", "ALTERNATIVE");
        step(alias + " forms", "auth-username-password-form", "REQUIRED");
        subFlow(alias + " forms", alias + " code", "CONDITIONAL");
        step(alias + " code", "totp-guard-condition-device", "REQUIRED");
        return step(alias + " code", "totp-guard-form", "REQUIRED");
    }

    /**
     * A new direct grant flow as recipe 4 builds it: username, password, then, for a user with a configured credential,
     * totp-guard's direct-grant step (sub-flow {@code "<alias> code"}). Returns the code step's execution id.
     */
    String directGrantWithCode(String alias) {
        top(alias);
        step(alias, "direct-grant-validate-username", "REQUIRED");
        step(alias, "direct-grant-validate-password", "REQUIRED");
        subFlow(alias, alias + " code", "CONDITIONAL");
        step(alias + " code", "conditional-user-configured", "REQUIRED");
        return step(alias + " code", "totp-guard-direct-grant", "REQUIRED");
    }

    /** Gives an execution a config, through the generic endpoint (no validation); returns the config's id. */
    String config(String executionId, String alias, Map<String, String> settings) {
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias(alias);
        config.setConfig(settings);
        try (Response response = flows.newExecutionConfig(executionId, config)) {
            assertEquals(201, response.getStatus(), "config " + alias);
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The same for this test only: the realm's cleanup removes the config. */
    static String addConfig(ManagedRealm realm, String executionId, String alias, Map<String, String> settings) {
        String id = new Flows(realm.admin()).config(executionId, alias, settings);
        realm.cleanup().add(r -> r.flows().removeAuthenticatorConfig(id));
        return id;
    }

    /** The first step of {@code provider} in the flow {@code flowAlias}, sub-flows included. */
    AuthenticationExecutionInfoRepresentation execution(String flowAlias, String provider) {
        return flows.getExecutions(flowAlias).stream().filter(e -> provider.equals(e.getProviderId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + provider + " in " + flowAlias));
    }

    /** The config of the code step ({@code totp-guard-form}) of the flow {@code flowAlias}. */
    AuthenticatorConfigRepresentation formConfig(String flowAlias) {
        return flows.getAuthenticatorConfig(execution(flowAlias, "totp-guard-form").getAuthenticationConfig());
    }

    /** The config named {@code alias}, wherever it is used. */
    AuthenticatorConfigRepresentation configByAlias(String alias) {
        return flows.getFlows().stream().flatMap(f -> flows.getExecutions(f.getAlias()).stream())
                .filter(e -> e.getAuthenticationConfig() != null)
                .map(e -> flows.getAuthenticatorConfig(e.getAuthenticationConfig()))
                .filter(c -> alias.equals(c.getAlias())).findFirst()
                .orElseThrow(() -> new AssertionError("no config " + alias));
    }

    /** Merges {@code settings} into the config of the code step of {@code flowAlias}; returns it as it was. */
    AuthenticatorConfigRepresentation mergeFormConfig(String flowAlias, Map<String, String> settings) {
        AuthenticatorConfigRepresentation original = formConfig(flowAlias);
        merge(original, settings);
        return original;
    }

    /** {@link #mergeFormConfig} for this test only: the realm's cleanup puts the config back. */
    static AuthenticatorConfigRepresentation setFormConfig(ManagedRealm realm, String flowAlias, Map<String, String> settings) {
        AuthenticatorConfigRepresentation original = new Flows(realm.admin()).mergeFormConfig(flowAlias, settings);
        realm.cleanup().add(r -> r.flows().updateAuthenticatorConfig(original.getId(), original));
        return original;
    }

    /** Merges {@code settings} into the config named {@code alias} for this test only (the realm's cleanup restores it). */
    static AuthenticatorConfigRepresentation setConfig(ManagedRealm realm, String alias, Map<String, String> settings) {
        Flows flows = new Flows(realm.admin());
        AuthenticatorConfigRepresentation original = flows.configByAlias(alias);
        flows.merge(original, settings);
        realm.cleanup().add(r -> r.flows().updateAuthenticatorConfig(original.getId(), original));
        return original;
    }

    private void merge(AuthenticatorConfigRepresentation original, Map<String, String> settings) {
        AuthenticatorConfigRepresentation changed = new AuthenticatorConfigRepresentation();
        changed.setId(original.getId());
        changed.setAlias(original.getAlias());
        Map<String, String> config = new HashMap<>(original.getConfig() == null ? Map.of() : original.getConfig());
        config.putAll(settings);
        changed.setConfig(config);
        flows.updateAuthenticatorConfig(original.getId(), changed);
    }

    String id(String alias) {
        return flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst()
                .orElseThrow(() -> new AssertionError("no flow " + alias)).getId();
    }

    void bindBrowser(String alias) {
        RealmRepresentation rep = realm.toRepresentation();
        rep.setBrowserFlow(alias);
        realm.update(rep);
    }

    void bindDirectGrant(String alias) {
        RealmRepresentation rep = realm.toRepresentation();
        rep.setDirectGrantFlow(alias);
        realm.update(rep);
    }

    /** The last execution of {@code parent}'s own level that matches, set to {@code requirement}. */
    private String require(String parent, Predicate<AuthenticationExecutionInfoRepresentation> which, String requirement) {
        List<AuthenticationExecutionInfoRepresentation> matching = flows.getExecutions(parent).stream()
                .filter(e -> e.getLevel() == 0).filter(which).toList();
        AuthenticationExecutionInfoRepresentation execution = matching.get(matching.size() - 1);
        execution.setRequirement(requirement);
        flows.updateExecutions(parent, execution);
        return execution.getId();
    }
}
