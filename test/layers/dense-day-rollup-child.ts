// Child process of the dense-day test: stores one very busy day in a fresh data dir and rolls it up with every kind, under the heap limit it was started with.

import { ManualClock } from "../../src/core/clock.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { Rollup } from "../../src/layers/rollup.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const [dir, day, now, perDay] = process.argv.slice(2);
const time = new LocalTime("UTC");
const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => Number(now) });
// The shape of the import benchmark's recorder: 200 entities changing in turn all day long.
const { start } = time.dayBounds(day);
const count = Number(perDay);
const kinds = ["light", "binary_sensor", "switch", "sensor"];
const events: HomeEvent[] = [];
for (let i = 0; i < count; i++) {
  const m = (i % 200) + 1;
  const round = Math.floor(i / 200);
  const state = m % 4 === 3 ? String(round % 50) : round % 2 === 0 ? "on" : "off";
  events.push({
    ts: start + Math.floor((i * 86_400_000) / count),
    entity: `${kinds[m % 4]}.dense_${m}`,
    state,
    source: "test",
  });
}
stores.events.append(events);
events.length = 0;
const rollup = new Rollup({
  events: stores.events,
  store: new SqliteAggregateStore(stores.db),
  kinds: L2_KINDS,
  periodKinds: L3_KINDS,
  time,
  areaOf: () => null,
  clock: new ManualClock(Number(now)),
  logger: createMemoryLogger(),
});
const done = await rollup.rollupDayYielding(day);
process.stdout.write(`${JSON.stringify({ events: done.events, rows: done.rows })}\n`);
stores.close();
