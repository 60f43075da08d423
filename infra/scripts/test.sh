#!/usr/bin/env bash
# The one test command (`npm test`), also what .ci/run calls. On a bare Debian 12 machine it
# installs what the tests need, checks format, lint and types, then runs every workspace's tests
# in one jest run against one shared stack (PostgreSQL, broker, Vault, nginx).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Turborepo's first-run telemetry banner is noise here (and nothing is sent).
export TURBO_TELEMETRY_DISABLED=1

bash infra/scripts/install-system-deps.sh --browser
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "… installing the npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

echo "== format, lint, typecheck"
npx prettier --check . --log-level warn
npx turbo run lint typecheck --output-logs=errors-only

echo "== tests"
mkdir -p .turnout
status=0
rm -f .turnout/test-results.json
# Workspace packages resolve to their TypeScript sources ("source" export condition).
NODE_OPTIONS=--conditions=source npx tsx infra/scripts/with-stack.ts -- \
  npx jest --config jest.config.js --json --outputFile=.turnout/test-results.json "$@" || status=$?
if [ -f .turnout/test-results.json ]; then node infra/scripts/test-summary.mjs .turnout/test-results.json; fi
exit $status
