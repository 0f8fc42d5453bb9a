#!/bin/sh
# Starts Home Patterns in the container, under the Supervisor or standalone (docker compose).
# The service itself reads /data/options.json, SUPERVISOR_TOKEN and the MQTT credentials; this
# script only hands over. `exec` replaces the shell with node, so tini's SIGTERM reaches node
# directly and node's exit code becomes the container's.
set -eu
cd /app
# A small young generation and a capped old one make V8 collect before it grows (resident memory
# at 100K events/day: about 300 MB without, 134 MB with; BENCHMARKS.md); two malloc arenas stop
# glibc from keeping one per thread.
export MALLOC_ARENA_MAX=2
exec node --max-semi-space-size=1 --max-old-space-size=192 /app/dist/src/main.js run "$@"
