#!/bin/sh
# backup_post (config.yaml): lets the service checkpoint again once the Supervisor has copied /data.
# Never fails the backup: the copy is already complete, and the service also resumes by itself
# after a time limit if this call never arrives.
set -u
# HOME_PATTERNS_API only lets tests point the script at a server of their own.
url="${HOME_PATTERNS_API:-http://127.0.0.1:8099}/api/maintenance/resume"
if out=$(curl -fsS --max-time 30 -X POST "$url" 2>&1); then
  echo "home-patterns backup_post: resumed: $out"
else
  echo "home-patterns backup_post: could not reach the service ($out); it resumes by itself" >&2
fi
exit 0
