#!/bin/bash
# Entry point of the keycloak service in docker-compose.yml (mounted read-only with the rest of compose/).
#  1. Warns, loudly, when the server is about to start with the public demo values committed in compose/*.DEMO-ONLY
#     or with the bootstrap admin admin/admin, and says how to make real ones. Never prints a secret.
#  2. Reads the database password from its Docker secret file (not from this file's environment), then execs kc.sh.
# Paths can be moved for a test run: TOTP_GUARD_SECRETS_DIR, TOTP_GUARD_DEMO_DIR, TOTP_GUARD_KC_SH.
set -euo pipefail

secrets=${TOTP_GUARD_SECRETS_DIR:-/run/secrets}
demo=${TOTP_GUARD_DEMO_DIR:-$(dirname "$0")}
kc_sh=${TOTP_GUARD_KC_SH:-/opt/keycloak/bin/kc.sh}

# The key values (after "<key-id>=") of a keys file; comments and blank lines skipped. Bash only: the image has no grep.
key_values() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line//[$' \t\r']/}
    case $line in '' | '#'*) ;; *=*) printf '%s\n' "${line#*=}" ;; esac
  done <"$1"
}

# Whether the keys file $1 holds any key of the keys file $2.
shares_a_key() {
  local -A known=()
  local value
  while IFS= read -r value; do known[$value]=1; done < <(key_values "$2")
  while IFS= read -r value; do
    if [ -n "${known[$value]:-}" ]; then return 0; fi
  done < <(key_values "$1")
  return 1
}

problems=()
if [ -r "$secrets/totp-guard-keys" ] && [ -r "$demo/totp-guard-keys.DEMO-ONLY" ] \
    && shares_a_key "$secrets/totp-guard-keys" "$demo/totp-guard-keys.DEMO-ONLY"; then
  problems+=("the seed-encryption key is the PUBLIC demo key of compose/totp-guard-keys.DEMO-ONLY: anyone can decrypt the seeds")
fi
if [ -r "$secrets/db-password" ] && [ -r "$demo/db-password.DEMO-ONLY" ] \
    && [ "$(<"$secrets/db-password")" = "$(<"$demo/db-password.DEMO-ONLY")" ]; then
  problems+=("the database password is the PUBLIC demo password of compose/db-password.DEMO-ONLY")
fi
if [ "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}" = admin ]; then
  problems+=("the bootstrap admin of the master realm is ${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} / admin")
fi

if [ "${#problems[@]}" -gt 0 ]; then
  {
    echo "################################################################################################"
    echo "# WARNING: DEMO-ONLY SECRETS. This Keycloak is fine for trying the demo on this machine only:"
    for problem in "${problems[@]}"; do echo "#   - $problem"; done
    echo "# Make real ones (outside the repository) and start with them:"
    echo "#   mkdir -p ~/totp-guard-secrets"
    echo "#   java -cp target/keycloak-totp-guard-*.jar dev.totpguard.credential.SeedKeys ~/totp-guard-secrets/totp-guard-keys k1"
    echo "#   openssl rand -base64 24 > ~/totp-guard-secrets/db-password"
    echo "#   TOTP_GUARD_KEYS_FILE=~/totp-guard-secrets/totp-guard-keys \\"
    echo "#   TOTP_GUARD_DB_PASSWORD_FILE=~/totp-guard-secrets/db-password \\"
    echo "#   KC_BOOTSTRAP_ADMIN_USERNAME=<name> KC_BOOTSTRAP_ADMIN_PASSWORD=<long random password> docker compose up"
    echo "# A new database password or bootstrap admin takes effect on an empty database (docker compose down -v)."
    echo "# Seeds already stored stay under the demo key until re-encrypted: README, \"Seed encryption\", Rotation."
    echo "################################################################################################"
  } >&2
fi

KC_DB_PASSWORD="$(<"$secrets/db-password")"
export KC_DB_PASSWORD
exec "$kc_sh" "$@"
