package dev.totpguard.credential;

import java.nio.file.Path;
import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Registers the {@value TotpGuardCredentialModel#TYPE} credential type and loads the seed keys once at startup:
 * {@code --spi-credential--totp-guard--keys-file=/path} (required) and optionally
 * {@code --spi-credential--totp-guard--primary-key-id=id} and {@code --spi-credential--totp-guard--synchronous-commit}
 * ({@link CommitMode}). Without readable keys Keycloak still starts, logs an error,
 * and every enrollment and sign-in with a device fails closed.
 */
public final class TotpGuardCredentialProviderFactory implements CredentialProviderFactory<TotpGuardCredentialProvider> {

    public static final String PROVIDER_ID = TotpGuardCredentialModel.TYPE;

    /** The required action that creates a device (id shared with the enroll package's factory). */
    public static final String ENROLL_ACTION = "totp-guard-enroll";

    static final String KEYS_FILE = "keys-file";
    static final String PRIMARY_KEY_ID = "primary-key-id";
    static final String SYNCHRONOUS_COMMIT = "synchronous-commit";

    private static final Logger LOG = Logger.getLogger(TotpGuardCredentialProviderFactory.class);

    private SeedKeys keys;
    private String keysProblem;
    private boolean synchronousCommit;
    /** Whether Keycloak commits asynchronously on this database ({@link CommitMode}); asked once, on first use. */
    private volatile Boolean keycloakCommitsAsynchronously;

    /** The factory of the session's server (one per server), with what it learned at startup. */
    static TotpGuardCredentialProviderFactory of(KeycloakSession session) {
        return (TotpGuardCredentialProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(CredentialProvider.class, PROVIDER_ID);
    }

    /**
     * Whether transactions that write device state commit as Keycloak commits its own records of that kind
     * ({@link CommitMode}): unless {@code synchronous-commit} is set, where Keycloak commits asynchronously.
     */
    boolean followsKeycloakCommit(EntityManagerFactory database) {
        if (synchronousCommit) {
            return false;
        }
        Boolean known = keycloakCommitsAsynchronously;
        if (known == null) {
            known = CommitMode.keycloakCommitsAsynchronously(database);
            keycloakCommitsAsynchronously = known;
            LOG.infof("totp-guard: device state commits %s", known
                    ? "as Keycloak commits its own single-use records and login failures: without waiting for the flush to disk"
                    + " unless another write in the transaction needs it (--spi-credential--totp-guard--synchronous-commit=true: always wait)"
                    : "waiting for the flush to disk");
        }
        return known;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        synchronousCommit = synchronousCommit(config.get(SYNCHRONOUS_COMMIT));
        String file = config.get(KEYS_FILE);
        String logged;
        if (file == null || file.isBlank()) {
            keysProblem = "no keys file configured (--spi-credential--totp-guard--keys-file)";
            logged = keysProblem;
        } else {
            try {
                Path path = Path.of(file.strip());
                SeedKeys.looseFilePermissions(path).ifPresent(permissions -> LOG.warnf(
                        "totp-guard: the seed keys file %s can be accessed by group or others (%s). Only the user Keycloak "
                                + "runs as should read it: chmod 600 %s (see docs/operator-guide.md, \"Seed keys\").",
                        path, permissions, path));
                keys = SeedKeys.load(path, config.get(PRIMARY_KEY_ID));
                LOG.infof("totp-guard: seed keys loaded from %s, primary key id '%s'", path, keys.primaryId());
                return;
            } catch (IllegalArgumentException e) {
                // the admin API shows keysProblem: no filesystem path there; the log names the file
                keysProblem = (e instanceof SeedKeys.FileProblem problem ? problem.withoutPath() : "keys file: not a valid path")
                        + " (the server log names the file)";
                logged = e instanceof SeedKeys.FileProblem ? e.getMessage() : "keys file " + file.strip() + ": not a valid path";
            }
        }
        LOG.errorf("totp-guard: %s. Enrollment and sign-in with totp-guard devices fail until keys are provided; see docs/operator-guide.md, \"Seed keys\".", logged);
    }

    /** {@code synchronous-commit}: true or false; anything else is logged and taken as true, the side that keeps more. */
    static boolean synchronousCommit(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        LOG.errorf("totp-guard: --spi-credential--totp-guard--%s must be true or false, not '%s': every write of device state"
                + " waits for the flush to disk", SYNCHRONOUS_COMMIT, v);
        return true;
    }

    @Override
    public TotpGuardCredentialProvider create(KeycloakSession session) {
        return new TotpGuardCredentialProvider(session, keys, keysProblem);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(KEYS_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("File with the AES-256 keys that encrypt seeds: lines <key-id>=<Base64 of 32 bytes>.").add()
                .property().name(PRIMARY_KEY_ID).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Key id that encrypts new seeds; default: the last key in the file.").add()
                .property().name(SYNCHRONOUS_COMMIT).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("true: every write of a device's state waits for the database's flush to disk, even where Keycloak"
                        + " commits its own single-use records and login failures without waiting (PostgreSQL).").add()
                .build();
    }
}
