#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Any failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint . --max-warnings=0
step "unit tests"; npx vitest run --project unit
step "integration tests (embedded Postgres, emulator over HTTP)"; npx vitest run --project integration
step "end-to-end tests (Chromium)"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it with 'apt-get install -y chromium' (end-to-end tests never skip)." >&2
  exit 1
fi
npx playwright test
