#!/bin/sh
# Starts Home Patterns in the container, under the Supervisor or standalone (docker compose).
# The service itself reads /data/options.json, SUPERVISOR_TOKEN and the MQTT credentials; this
# script only hands over. `exec` replaces the shell with node, so tini's SIGTERM reaches node
# directly and node's exit code becomes the container's.
set -eu
cd /app
exec node /app/dist/src/main.js run "$@"
