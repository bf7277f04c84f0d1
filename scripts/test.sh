#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: content check, lint, type-check,
# then every Vitest project (unit, nuxt, server, e2e).
export RAPPORT_SETUP_BROWSER=1
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT" || exit 1
set -e
echo "== content check"; npm run content:check
echo "== lint"; npm run lint
echo "== type-check"; npm run typecheck
echo "== build"; npm run build
echo "== tests"; npx vitest run "$@"
