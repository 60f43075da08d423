#!/usr/bin/env bash
# `npm start`: the whole platform on this machine, gateway on http://127.0.0.1:${PORT:-8080}.
# Installs what is missing (Debian packages, npm dependencies), builds the web app and the docs
# site, then runs the local runner (infra/tools/src/local/start.ts). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Turborepo's first-run telemetry banner is noise here (and nothing is sent).
export TURBO_TELEMETRY_DISABLED=1

bash infra/scripts/install-system-deps.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "… installing the npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
if [ -f web/package.json ]; then
  echo "… building the web app"
  npx turbo run build --filter=@turnout/web --output-logs=errors-only >/dev/null
fi
if [ -f infra/scripts/build-docs-site.mjs ]; then
  node infra/scripts/build-docs-site.mjs >/dev/null
fi
exec node --conditions=source --import tsx infra/tools/src/local/start.ts "$@"
