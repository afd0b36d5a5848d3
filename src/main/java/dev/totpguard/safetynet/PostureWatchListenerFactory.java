package dev.totpguard.safetynet;

import java.util.Set;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@value #PROVIDER_ID}: global (every realm's admin events, without being added to a realm's
 * listeners). After an admin's change that can bind another flow to a way in, or turn the safety net off, committed,
 * judges that realm again ({@link PostureWarnings}): the realm (its flow bindings), a client (its overrides), an
 * identity provider (its flows), a required action.
 */
public final class PostureWatchListenerFactory implements EventListenerProviderFactory, NoLifecycle<EventListenerProvider> {

    public static final String PROVIDER_ID = "totp-guard-posture-watch";

    private static final Set<ResourceType> WATCHED = Set.of(ResourceType.REALM, ResourceType.CLIENT,
            ResourceType.IDENTITY_PROVIDER, ResourceType.REQUIRED_ACTION);

    private KeycloakSessionFactory factory;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (watched(event)) {
                    String realmId = event.getRealmId();
                    session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                        @Override
                        protected void commitImpl() {
                            PostureWarnings.check(factory, realmId);
                        }

                        @Override
                        protected void rollbackImpl() {
                        }
                    });
                }
            }

            @Override
            public void close() {
            }
        };
    }

    static boolean watched(AdminEvent event) {
        return event.getRealmId() != null && WATCHED.contains(event.getResourceType())
                && event.getOperationType() != OperationType.ACTION;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
