#!/bin/sh
# The `home-patterns` command inside the container, e.g. `home-patterns detect --json`.
# The service's memory flags (run.sh): an import or a rollup on the device shares its memory with
# Home Assistant. Given here, node needs no second process to add them (src/main.ts would).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node --max-semi-space-size=1 --max-old-space-size=192 /app/dist/src/main.js "$@"
