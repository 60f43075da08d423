#!/usr/bin/env bash
# Installs the Debian packages the tests and the local runner need, only when missing:
# nginx (the gateway), librdkafka-dev and a C compiler (the development Kafka-protocol broker),
# and, with --browser (the test command), chromium: the web app's end-to-end tests drive it with
# playwright-core (never a downloaded browser). `npm start` does not need it.
# Not root and no password-less sudo: it prints the one command that installs them, and stops.
set -euo pipefail

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || need+=(librdkafka-dev)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
command_line="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    echo "Turnout needs these Debian packages, and installing them needs root:" >&2
    echo "" >&2
    echo "  sudo sh -c '${command_line}'" >&2
    echo "" >&2
    echo "Run that (or the same as root), then start again." >&2
    exit 1
  fi
fi
echo "… installing Debian packages: ${need[*]}"
# apt's own chatter (debconf without apt-utils, needrestart) goes to a log shown only on failure.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
apt() { $sudo env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a NEEDRESTART_SUSPEND=1 apt-get "$@"; }
if ! { apt update -qq && apt install -y -qq --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "installing ${need[*]} failed; the command was: ${command_line}" >&2
  exit 1
fi
