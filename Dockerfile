# Keycloak 26.7.3 with keycloak-totp-guard, optimized at build time
# (the pattern of Keycloak's guide "Running Keycloak in a container").
#
#   mvn -DskipTests package                        # target/keycloak-totp-guard-0.2.0.jar, the build's only input
#   docker build -t keycloak-totp-guard:0.2.0 .    # or let `docker compose up --build` build it (docker-compose.yml)
#
# The image holds no secret: the seed-encryption key file, the database password and the first admin are given when
# the container starts. It is built for PostgreSQL with health and metrics on (build options: changing one needs a new
# image); start it with `start --optimized` and the runtime options (hostname, database URL, key file).
FROM quay.io/keycloak/keycloak:26.7.3 AS builder

ENV KC_DB=postgres
ENV KC_HEALTH_ENABLED=true
ENV KC_METRICS_ENABLED=true

COPY --chown=1000:0 target/keycloak-totp-guard-0.2.0.jar /opt/keycloak/providers/keycloak-totp-guard.jar
# group 0 may write where the server writes, as in Keycloak's own image: the container may run as any uid in group 0
RUN /opt/keycloak/bin/kc.sh build \
    && chmod -R g+rwX /opt/keycloak/data /opt/keycloak/lib/quarkus

FROM quay.io/keycloak/keycloak:26.7.3
COPY --from=builder --chown=1000:0 /opt/keycloak/ /opt/keycloak/
USER 1000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
