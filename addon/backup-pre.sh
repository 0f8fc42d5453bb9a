#!/bin/sh
# backup_pre (config.yaml): asks the running service to checkpoint SQLite and DuckDB and to hold
# further checkpoints until backup_post, so the database files the Supervisor copies are whole.
# Exit codes: 0 checkpointed, or no service listening (then nothing writes and a copy is safe);
# 1 the service answered but could not checkpoint: the Supervisor then reports the backup error.
set -u
# HOME_PATTERNS_API only lets tests point the script at a server of their own.
url="${HOME_PATTERNS_API:-http://127.0.0.1:8099}/api/maintenance/checkpoint"
attempt=1
while :; do
  out=$(curl -fsS --max-time 60 -X POST "$url" 2>&1)
  code=$?
  if [ "$code" -eq 0 ]; then
    echo "home-patterns backup_pre: databases checkpointed: $out"
    exit 0
  fi
  if [ "$code" -eq 7 ]; then
    echo "home-patterns backup_pre: service not listening, nothing is writing; copying files as they are"
    exit 0
  fi
  if [ "$attempt" -ge 3 ]; then
    echo "home-patterns backup_pre: checkpoint failed after $attempt attempts: $out" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done
