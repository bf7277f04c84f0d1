#!/usr/bin/env bash
# Sets everything up and runs Rapport in development on the embedded database,
# with the demo organisation loaded into an empty database.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT" || exit 1
export NUXT_DEMO_SEED="${NUXT_DEMO_SEED:-true}"
exec npm run dev -- "$@"
