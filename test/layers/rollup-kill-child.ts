// Child process of the kill -9 test: rolls up one day, optionally stalling half way through.

import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { Rollup } from "../../src/layers/rollup.js";
import { SqliteAggregateStore } from "../../src/storage/sqlite/sqlite-aggregate-store.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { bulkyKind, stallingKind } from "./kill-kinds.js";

const [dir, day, now, marker] = process.argv.slice(2);
const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => Number(now) });
// A tiny page cache makes SQLite spill the open transaction's pages into the WAL file before commit.
stores.db.pragma("cache_size = 50");
const rollup = new Rollup({
  events: stores.events,
  store: new SqliteAggregateStore(stores.db),
  kinds: [bulkyKind, stallingKind(marker === "-" ? undefined : marker)] as never,
  periodKinds: [],
  time: new LocalTime("Europe/Berlin"),
  areaOf: () => null,
  clock: new ManualClock(Number(now)),
  logger: createMemoryLogger(),
});
const done = rollup.rollupDay(day);
process.stdout.write(`${JSON.stringify({ events: done.events })}\n`);
stores.close();
