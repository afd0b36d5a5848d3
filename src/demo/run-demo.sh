#!/usr/bin/env bash
# Run by `mvn -Pdemo` (exec-maven-plugin, in the unpacked Keycloak's directory): the demo in one terminal.
#   run-demo.sh <java> <demo pages directory> <kc.sh arguments>...
# Serves the demo pages on http://localhost:3000/ (demo-app) and http://localhost:3001/ (admin-portal), starts Keycloak,
# and stops both when either Keycloak stops or you press Ctrl+C (or Maven is stopped).
set -euo pipefail
java=$1; pages=$2; shift 2

for port in 8080 9000 3000 3001; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "[demo] port $port is in use (a demo or the tests still running?): stop it, then run mvn -Pdemo again" >&2
    exit 1
  fi
done

pages_pid=""
kc_pid=""
stop() {
  trap '' INT TERM PIPE   # a second Ctrl+C does not cut the shutdown short, nor a closed output pipe
  # signals first: Maven may be gone already (Ctrl+C reaches it too), and writing to its pipe would end this script
  if [ -n "$kc_pid" ]; then kill -TERM "$kc_pid" 2>/dev/null || true; fi
  if [ -n "$pages_pid" ]; then kill -TERM "$pages_pid" 2>/dev/null || true; fi
  echo "[demo] stopping Keycloak and the demo pages" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# background jobs of a script ignore Ctrl+C: the traps above stop them, Keycloak gracefully (SIGTERM)
"$java" "$(dirname "$0")/DemoPages.java" "$pages" 3000 3001 &
pages_pid=$!
bash bin/kc.sh "$@" &
kc_pid=$!
echo "[demo] demo pages on http://localhost:3000/ (demo-app) and http://localhost:3001/ (admin-portal); Ctrl+C stops everything"
status=0
wait "$kc_pid" || status=$?
kc_pid=""
exit "$status"
