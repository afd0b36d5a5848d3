#!/bin/bash
# Entry point of the keycloak service in docker-compose.yml (mounted read-only with the rest of compose/).
#  0. Stops with a message that says what to do when a secret file cannot be read by this uid, or when the provider
#     jar is a directory (Docker made one because the bind-mounted jar was missing on the host).
#  1. Warns, loudly, when the server is about to start with the public demo values committed in compose/*.DEMO-ONLY
#     or with the bootstrap admin admin/admin, and says how to make real ones. Never prints a secret.
#  2. Reads the database password from its Docker secret file (not from this file's environment), then execs kc.sh.
# Paths can be moved for a test run: TOTP_GUARD_SECRETS_DIR, TOTP_GUARD_DEMO_DIR, TOTP_GUARD_KC_SH,
# TOTP_GUARD_PROVIDERS_DIR.
set -euo pipefail

secrets=${TOTP_GUARD_SECRETS_DIR:-/run/secrets}
demo=${TOTP_GUARD_DEMO_DIR:-$(dirname "$0")}
kc_sh=${TOTP_GUARD_KC_SH:-/opt/keycloak/bin/kc.sh}
providers=${TOTP_GUARD_PROVIDERS_DIR:-$(dirname "$kc_sh")/../providers}

fail() {
  { printf 'ERROR: %s\n' "$1"; shift; printf '       %s\n' "$@"; } >&2
  exit 1
}

# Docker bind-mounts secret files with the host's owner and mode: say which uid could not read which file, and the fix
for name in totp-guard-keys db-password; do
  if [ ! -f "$secrets/$name" ] || [ ! -r "$secrets/$name" ]; then
    case $name in
      totp-guard-keys) keep="keep it owner-only (rw-------)" ;;
      *) keep="PostgreSQL (uid 999) reads it too: rw-r--r-- inside a directory only you can enter" ;;
    esac
    fail "cannot read the secret $secrets/$name as uid $(id -u): Docker mounts the host file with its owner and mode." \
      "Start with TOTP_GUARD_UID=<uid of the file's owner> (for example TOTP_GUARD_UID=\$(id -u) docker compose up)," \
      "or give the file to uid 1000 (sudo chown 1000 <file>); $keep. See docker-compose.yml's header."
  fi
done
for jar in "$providers"/*.jar; do
  if [ -d "$jar" ]; then
    fail "$jar is a directory, not a jar: the jar to mount was missing on the host, and Docker created" \
      "a directory in its place (owned by root). Remove it on the host (sudo rm -r target/<that name>), build the jar" \
      "(mvn -DskipTests package), and mount it with the long volume syntax, which refuses a missing file" \
      "(docker-compose.yml's header)."
  fi
done

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
    echo "#   mkdir -m 700 -p ~/totp-guard-secrets"
    echo "#   java -cp target/keycloak-totp-guard-0.2.0.jar dev.totpguard.credential.SeedKeys ~/totp-guard-secrets/totp-guard-keys k1"
    echo "#   openssl rand -base64 24 > ~/totp-guard-secrets/db-password"
    echo "#   TOTP_GUARD_UID=\$(id -u) TOTP_GUARD_KEYS_FILE=~/totp-guard-secrets/totp-guard-keys \\"
    echo "#   TOTP_GUARD_DB_PASSWORD_FILE=~/totp-guard-secrets/db-password \\"
    echo "#   KC_BOOTSTRAP_ADMIN_USERNAME=<name> KC_BOOTSTRAP_ADMIN_PASSWORD=<long random password> docker compose up --build"
    echo "# A new database password or bootstrap admin takes effect on an empty database (docker compose down -v)."
    echo "# Seeds already stored stay under the demo key until re-encrypted: README, \"Seed encryption\", Rotation."
    echo "################################################################################################"
  } >&2
fi

KC_DB_PASSWORD="$(<"$secrets/db-password")"
export KC_DB_PASSWORD
exec "$kc_sh" "$@"
