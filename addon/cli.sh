#!/bin/sh
# The `home-patterns` command inside the container, e.g. `home-patterns detect --json`.
exec node /app/dist/src/main.js "$@"
