#!/usr/bin/env bash
# Run by `mvn -Pdemo` (exec-maven-plugin, in the unpacked Keycloak's directory): the demo in one terminal.
#   run-demo.sh <java> <demo pages directory> <greenmail-standalone.jar> <kc.sh arguments>...
# Serves the demo pages on http://localhost:3000/ (demo-app) and http://localhost:3001/ (admin-portal), a mail sink
# (GreenMail: SMTP on localhost:3025, the received mails at http://localhost:3080/api/user/<address>/messages/), starts
# Keycloak, and stops all of them when Keycloak stops or you press Ctrl+C (or Maven is stopped).
set -euo pipefail
java=$1; pages=$2; mail_jar=$3; shift 3

for port in 8080 9000 3000 3001 3025 3080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "[demo] port $port is in use (a demo or the tests still running?): stop it, then run mvn -Pdemo again" >&2
    exit 1
  fi
done

pages_pid=""
mail_pid=""
kc_pid=""
stop() {
  trap '' INT TERM PIPE   # a second Ctrl+C does not cut the shutdown short, nor a closed output pipe
  # signals first: Maven may be gone already (Ctrl+C reaches it too), and writing to its pipe would end this script
  if [ -n "$kc_pid" ]; then kill -TERM "$kc_pid" 2>/dev/null || true; fi
  if [ -n "$pages_pid" ]; then kill -TERM "$pages_pid" 2>/dev/null || true; fi
  if [ -n "$mail_pid" ]; then kill -TERM "$mail_pid" 2>/dev/null || true; fi
  echo "[demo] stopping Keycloak, the demo pages and the mail sink" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# background jobs of a script ignore Ctrl+C: the traps above stop them, Keycloak gracefully (SIGTERM)
"$java" "$(dirname "$0")/DemoPages.java" "$pages" 3000 3001 &
pages_pid=$!
# the realm's SMTP settings point here: password-reset links and totp-guard's notifications land in this sink
"$java" -Dgreenmail.setup.test.smtp -Dgreenmail.hostname=127.0.0.1 -Dgreenmail.auth.disabled \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=3080 -jar "$mail_jar" > mail-sink.log 2>&1 &
mail_pid=$!
bash bin/kc.sh "$@" &
kc_pid=$!
echo "[demo] demo pages on http://localhost:3000/ (demo-app) and http://localhost:3001/ (admin-portal); mails at http://localhost:3080/api/user/carol@example.com/messages/; Ctrl+C stops everything"
status=0
wait "$kc_pid" || status=$?
kc_pid=""
exit "$status"
