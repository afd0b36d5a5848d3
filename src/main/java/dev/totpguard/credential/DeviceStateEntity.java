package dev.totpguard.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A device's moving state, one row per device in its own table ({@code TOTP_GUARD_DEVICE_STATE}, created by
 * {@code META-INF/totp-guard-changelog.xml}): the last accepted step, the learned drift, the last use, and the user's
 * failure count and wait, which every device row of the user carries alike. The row goes with its credential (foreign
 * key, {@code ON DELETE CASCADE}). Only {@link DeviceRows} (and, for reports, {@link DeviceReports}) issues statements
 * on it, never through a loaded entity: this class exists so that those statements can be JPQL, which Hibernate writes
 * for each database Keycloak supports.
 */
@Entity
@Table(name = "TOTP_GUARD_DEVICE_STATE")
public class DeviceStateEntity {

    @Id
    @Column(name = "CREDENTIAL_ID", length = 36)
    protected String credentialId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    protected String userId;

    @Column(name = "LAST_STEP", nullable = false)
    protected long lastStep;

    @Column(name = "DRIFT", nullable = false)
    protected int drift;

    @Column(name = "FAILURES", nullable = false)
    protected int failures;

    @Column(name = "BLOCKED_UNTIL", nullable = false) // the column keeps its name: no schema change
    protected long waitUntil;

    @Column(name = "LAST_USED", nullable = false)
    protected long lastUsed;

    protected DeviceStateEntity() {
    }

    DeviceStateEntity(String credentialId, String userId, TotpGuardCredentialModel.Data state) {
        this.credentialId = credentialId;
        this.userId = userId;
        this.lastStep = state.lastStep();
        this.drift = state.drift();
        this.failures = state.failures();
        this.waitUntil = state.waitUntil();
        this.lastUsed = state.lastUsed();
    }
}
