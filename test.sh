#!/usr/bin/env bash
# Runs every test of keycloak-totp-guard: the README's "all tests" command, and what CI runs (.ci/run).
#
#   ./test.sh                  # on Debian or Ubuntu with JDK 17+ and Maven
#   ./test.sh -Dit.test=StepUpIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false    # extra arguments go to Maven
#
# 1. installs the system packages the tests compare against or drive (apt-get; through sudo when not root):
#    oathtool (codes from an independent implementation), zbar-tools (zbarimg: QR codes read by an independent reader),
#    chromium and chromium-driver (the browser walkthrough, ChromiumWalkthroughIT, and the Account Console's
#    sign-out, AccountConsoleSignOutIT), xz-utils (ClusterIT unpacks
#    PostgreSQL's binaries, a .txz from Maven Central, with tar -J), prometheus (promtool and the Prometheus server:
#    PromtoolTest and ClockSkewIT), docker-compose (unless `docker compose` works: DockerComposeTest validates
#    docker-compose.yml with `config -q`, which needs no Docker engine), npm (for axe-core);
# 2. installs axe-core, the accessibility checker the browser walkthrough runs in Chromium, from npm at the exact version
#    and checksum of src/test/axe/package-lock.json (npm ci, into src/test/axe/node_modules);
# 3. checks that the fixed ports the integration tests use are free;
# 4. runs `mvn -B -ntp verify` with every tool required: a test whose tool is still missing FAILS, naming it, instead of
#    skipping (a plain `mvn verify` skips such tests, with one loud line each).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '[test.sh] %s\n' "$*"; }
die() { printf '[test.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# --- JDK and Maven: expected on the machine --------------------------------------------------------------------------
command -v java >/dev/null 2>&1 || die "no java on PATH: install JDK 17 or later (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk)"
command -v mvn >/dev/null 2>&1 || die "no mvn on PATH: install Maven 3.8 or later (Debian/Ubuntu: sudo apt-get install maven)"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || die "java is version ${java_major:-unknown}: JDK 17 or later is needed"

# --- system packages the tests need ----------------------------------------------------------------------------------
# tool on PATH -> package (Debian names; Ubuntu ships Chromium as chromium-browser / chromium-chromedriver)
distro=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
if [ "$distro" = ubuntu ]; then
  chromium_pkg=chromium-browser; driver_pkg=chromium-chromedriver
else
  chromium_pkg=chromium; driver_pkg=chromium-driver
fi
# the path of an executable file on PATH (`command -v` alone also reports a file that cannot be executed)
executable() { local path; path=$(command -v "$1" 2>/dev/null) && [ -f "$path" ] && [ -x "$path" ] && echo "$path"; }
find_chromium() { executable chromium || executable chromium-browser || true; }
find_driver() { executable chromedriver || executable chromium.chromedriver || true; }

missing=()
executable oathtool >/dev/null || missing+=(oathtool)
executable zbarimg >/dev/null || missing+=(zbar-tools)
[ -n "$(find_chromium)" ] || missing+=("$chromium_pkg")
[ -n "$(find_driver)" ] || missing+=("$driver_pkg")
executable xz >/dev/null || missing+=(xz-utils)
# prometheus: promtool (PromtoolTest: checks and unit-tests the alert rules in monitoring/) and the server (ClockSkewIT)
{ executable promtool >/dev/null && executable prometheus >/dev/null; } || missing+=(prometheus)
# a Docker Compose client (DockerComposeTest: docker-compose.yml checked by `config -q`; no engine needed)
{ docker compose version >/dev/null 2>&1 || executable docker-compose >/dev/null; } || missing+=(docker-compose)
# npm: axe-core for ChromiumWalkthroughIT's accessibility checks (NodeSource's nodejs package also provides npm)
executable npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "no apt-get: install these yourself, then run ./test.sh again: ${missing[*]} (tools oathtool, zbarimg, chromium, chromedriver, promtool, prometheus, docker-compose, npm)"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    die "not root and no sudo: as root, run apt-get install ${missing[*]}; then run ./test.sh again"
  fi
  say "installing the packages the tests need: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# where Chromium and its driver are (the browser test reads these; Debian's /usr/bin paths are its defaults)
if [ -n "$(find_chromium)" ]; then export CHROMIUM_BINARY="${CHROMIUM_BINARY:-$(find_chromium)}"; fi
if [ -n "$(find_driver)" ]; then export CHROMEWEBDRIVER="${CHROMEWEBDRIVER:-$(find_driver)}"; fi

# --- axe-core from npm: the version and checksum pinned in src/test/axe/package-lock.json ------------------------------
say "npm ci in src/test/axe (axe-core for the accessibility checks)"
(cd src/test/axe && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) \
  || die "npm ci in src/test/axe failed: axe-core could not be installed from the npm registry"

# --- fixed ports -----------------------------------------------------------------------------------------------------
# The integration tests start Keycloak on 8080 and 9000, and serve the demo page on 3000 and 3001: a demo left running
# there breaks them (8180/9100: a second Keycloak that one test restarts with other keys; 8280/9280 and 8380/9380: the
# two nodes of ClusterIT; 8680/9680: the older Keycloaks of VersionMatrixIT, one at a time; 3025: the test framework's
# SMTP server, where the demo's mail sink also listens).
for port in 8080 9000 8180 9100 8280 9280 8380 9380 8680 9680 3000 3001 3025; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use (a Keycloak demo still running? mvn -Pdemo or docker compose): stop it, then run ./test.sh again"
  fi
done

# --- the tests, with every tool required ------------------------------------------------------------------------------
export TOTPGUARD_REQUIRE_TOOLS=true
say "mvn -B -ntp verify $*"
exec mvn -B -ntp verify -Dtotpguard.require-tools=true "$@"
