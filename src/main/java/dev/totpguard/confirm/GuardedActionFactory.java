package dev.totpguard.confirm;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Takes the place of one of Keycloak's required-action factories (same id, higher {@link #order()}, as Keycloak lets an
 * extension do) and hands out {@link GuardedAction}s around Keycloak's own action. Everything an admin sees (name,
 * settings, validation, whether it is supported) is Keycloak's.
 */
abstract class GuardedActionFactory implements RequiredActionFactory, EnvironmentDependentProviderFactory {

    /** Above Keycloak's built-in factories (0). */
    static final int ORDER = 100;

    final RequiredActionFactory keycloak;

    GuardedActionFactory(RequiredActionFactory keycloak) {
        this.keycloak = keycloak;
    }

    abstract GuardedAction guard(RequiredActionProvider action);

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return guard(keycloak.create(session));
    }

    @Override
    public String getId() {
        return keycloak.getId();
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public String getDisplayText() {
        return keycloak.getDisplayText();
    }

    @Override
    public boolean isOneTimeAction() {
        return keycloak.isOneTimeAction();
    }

    @Override
    public boolean isConfigurable() {
        return keycloak.isConfigurable();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return keycloak.getConfigMetadata();
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        keycloak.validateConfig(session, realm, model);
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return !(keycloak instanceof EnvironmentDependentProviderFactory dependent) || dependent.isSupported(config);
    }

    @Override
    public void init(Config.Scope config) {
        keycloak.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloak.postInit(factory);
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
