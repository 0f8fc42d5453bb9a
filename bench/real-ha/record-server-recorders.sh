#!/usr/bin/env bash
# Makes test/fixtures/ha-recorder/{mariadb,postgresql}-recorder.sql: a real Home Assistant 2023.12
# (the offline build in /opt/ha, see ../shared/tools/real-home-assistant) writes its recorder into
# a real MariaDB and a real PostgreSQL from Debian while a few entities change, then each database
# is dumped (db_url mysql+pymysql://: Debian has PyMySQL, not mysqlclient). Needs root, mariadb-server, postgresql, python3-pymysql and python3-psycopg2, and the
# shared real-HA lock (mkdir /tmp/real-ha.lock) while it runs: it starts its own instance on 8124.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=test/fixtures/ha-recorder
HA_ROOT=${HA_ROOT:-/opt/ha}
# shellcheck disable=SC1091
source "$HA_ROOT/bin/env.sh"
WORK=$(mktemp -d /tmp/hp-recorders-XXXXXX)
chmod 755 "$WORK"  # the database servers run as their own users
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
MARIA_PORT=33071
PG_PORT=54371
HA_PORT=8124
log() { printf '[record-server-recorders] %s\n' "$*" >&2; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 2
  rm -rf "$WORK"
}
trap cleanup EXIT

# MariaDB with a user and a database as Home Assistant's documentation sets them up.
mkdir -p "$WORK/maria" && chown mysql:mysql "$WORK/maria"
mariadb-install-db --no-defaults --datadir="$WORK/maria/data" --auth-root-authentication-method=normal \
  --skip-test-db --user=mysql > "$WORK/maria-install.log" 2>&1
mariadbd --no-defaults --datadir="$WORK/maria/data" --port=$MARIA_PORT --bind-address=127.0.0.1 \
  --socket="$WORK/maria/sock" --pid-file="$WORK/maria/pid" --user=mysql --skip-log-bin \
  --innodb-buffer-pool-size=32M > "$WORK/maria.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do mariadb --no-defaults -h 127.0.0.1 -P $MARIA_PORT -u root -e 'SELECT 1' > /dev/null 2>&1 && break; sleep 0.5; done
mariadb --no-defaults -h 127.0.0.1 -P $MARIA_PORT -u root -e "
  CREATE DATABASE homeassistant CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'homeassistant'@'%' IDENTIFIED BY 'ha-password';
  GRANT ALL PRIVILEGES ON homeassistant.* TO 'homeassistant'@'%';"

# PostgreSQL likewise.
mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 > /dev/null
runuser -u postgres -- "$PG_BIN/postgres" -D "$WORK/pg/data" -p $PG_PORT -k "$WORK/pg" \
  -c listen_addresses=127.0.0.1 > "$WORK/pg.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do "$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U postgres -c 'SELECT 1' > /dev/null 2>&1 && break; sleep 0.5; done
"$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U postgres -q -c "CREATE USER homeassistant PASSWORD 'ha-password'" \
  -c "CREATE DATABASE homeassistant OWNER homeassistant"

token=""
api() { curl -fsS -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"} "http://127.0.0.1:$HA_PORT$2" > /dev/null; }

# One run of Home Assistant writing its recorder to db_url; the same changes for both databases.
record() {
  local name=$1 db_url=$2 cfg="$WORK/ha-$1"
  mkdir -p "$cfg"
  cat > "$cfg/configuration.yaml" <<YAML
homeassistant:
  name: Recorder fixture
  time_zone: Europe/Berlin
  latitude: 52.52
  longitude: 13.405
  elevation: 0
  unit_system: metric
  currency: EUR
  country: DE
http:
  server_host: 127.0.0.1
  server_port: $HA_PORT
api:
recorder:
  db_url: $db_url
  commit_interval: 1
input_boolean:
  kitchen_light:
    name: Kitchen light
  hall_light:
    name: Hall light
input_number:
  living_room_temperature_target:
    name: Living room temperature target
    min: 15
    max: 25
    step: 0.5
    unit_of_measurement: "°C"
input_select:
  house_mode:
    name: House mode
    options: [Home, Away, Night]
YAML
  (cd /tmp && "$HA_PY" "$HA_ROOT/bin/bootstrap_auth.py" "$cfg" "$cfg/token" > /dev/null)
  token=$(cat "$cfg/token")
  (cd /tmp && exec "$HA_PY" -m homeassistant --config "$cfg" --skip-pip > "$cfg/ha.out" 2>&1) &
  local ha=$!
  pids+=($ha)
  for _ in $(seq 1 240); do api GET /api/ 2> /dev/null && break; sleep 1; done
  sleep 3
  log "$name: Home Assistant is up, changing entities"
  for i in 1 2 3; do
    api POST /api/services/input_boolean/turn_on '{"entity_id":"input_boolean.kitchen_light"}'; sleep 1.2
    api POST /api/services/input_boolean/turn_on '{"entity_id":"input_boolean.hall_light"}'; sleep 1.2
    api POST /api/services/input_number/set_value "{\"entity_id\":\"input_number.living_room_temperature_target\",\"value\":$((18 + i)).5}"; sleep 1.2
    api POST /api/services/input_boolean/turn_off '{"entity_id":"input_boolean.hall_light"}'; sleep 1.2
    api POST /api/services/input_select/select_option '{"entity_id":"input_select.house_mode","option":"Night"}'; sleep 1.2
    api POST /api/services/input_boolean/turn_off '{"entity_id":"input_boolean.kitchen_light"}'; sleep 1.2
    api POST /api/services/input_select/select_option '{"entity_id":"input_select.house_mode","option":"Home"}'; sleep 1.2
  done
  # Only an attribute changes: the recorder writes a row the import must leave out.
  api POST /api/services/input_select/set_options '{"entity_id":"input_select.house_mode","options":["Home","Away","Night","Holiday"]}'
  sleep 3
  kill -TERM $ha
  wait $ha || true
  log "$name: Home Assistant stopped"
}

record mariadb "mysql+pymysql://homeassistant:ha-password@127.0.0.1:$MARIA_PORT/homeassistant?charset=utf8mb4"
mariadb-dump --no-defaults -h 127.0.0.1 -P $MARIA_PORT -u root --skip-dump-date --skip-comments \
  --skip-extended-insert --hex-blob homeassistant > "$OUT/mariadb-recorder.sql"
record postgresql "postgresql://homeassistant:ha-password@127.0.0.1:$PG_PORT/homeassistant"
"$PG_BIN/pg_dump" -h 127.0.0.1 -p $PG_PORT -U postgres --no-owner --no-privileges --no-comments --inserts \
  homeassistant > "$OUT/postgresql-recorder.sql"
log "wrote $OUT/mariadb-recorder.sql ($(wc -l < "$OUT/mariadb-recorder.sql") lines) and $OUT/postgresql-recorder.sql ($(wc -l < "$OUT/postgresql-recorder.sql") lines)"
