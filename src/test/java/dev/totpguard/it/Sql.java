package dev.totpguard.it;

import java.io.IOException;

import jakarta.persistence.Query;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.testframework.remote.providers.runonserver.RunOnServer;

/**
 * Plain SQL on the test server's database, as someone with database access (or another cluster node) would write it:
 * through the server's own JDBC connection (the test framework's run-on-server support), past every Keycloak and
 * totp-guard code path, so no cache hears of it. Run with {@code runOnServer.run(Sql.update(…))}; needs
 * {@code @InjectRunOnServer(permittedPackages = "dev.totpguard.it")}.
 */
final class Sql {

    private Sql() {
    }

    /** One SQL statement with positional parameters ({@code ?1}, {@code ?2}…) that must change exactly one row. */
    static RunOnServer updateOneRow(String sql, String... parameters) {
        return session -> {
            Query query = session.getProvider(JpaConnectionProvider.class).getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            int rows = query.executeUpdate();
            if (rows != 1) {
                throw new IOException("expected one row changed, got " + rows);
            }
        };
    }
}
