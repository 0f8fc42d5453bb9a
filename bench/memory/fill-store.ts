// Fills a data dir's L1 for the by-hand memory goals: the large simulated home at a rate, or the load bench's 3M-event store.
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createSimulatedHome } from "../../src/sources/simulator/index.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { FULL_LOAD, fillStore } from "../load/load-bench.js";

/**
 * `node dist-bench/bench/memory/fill-store.js home <dataDir> <events/day> <days>`: the large simulated
 * home's registry and its events of the days ending yesterday (Europe/Berlin), in L1 only: the
 * service catches them up (rollup, archive, retention, detection) when it starts.
 * `node dist-bench/bench/memory/fill-store.js load <dataDir>`: the panel load bench's store,
 * 3,000,000 synthetic events over the last 7 days.
 */
function main(): void {
  const [what, dataDir, rate, days] = process.argv.slice(2);
  if (what === "load" && dataDir) {
    fillStore(dataDir, FULL_LOAD, Date.now());
    process.stderr.write(`${FULL_LOAD.events} events over ${FULL_LOAD.days} days in ${dataDir}\n`);
    return;
  }
  if (what !== "home" || !dataDir || !Number(rate) || !Number(days))
    throw new Error("usage: fill-store home <dataDir> <events/day> <days> | fill-store load <dataDir>");
  const home = createSimulatedHome({ size: "large", eventsPerDay: Number(rate), seed: 1, timeZone: "Europe/Berlin" });
  const time = new LocalTime(home.timeZone);
  const first = addDays(time.dayOf(Date.now()), -Number(days));
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger("error"), now: () => Date.now() });
  stores.registry.upsertAreas(home.areas);
  stores.registry.upsertDevices(home.devices);
  stores.registry.upsertEntities(home.entities);
  let total = 0;
  for (const { events } of home.generate(first, Number(days))) {
    for (let i = 0; i < events.length; i += 5_000) total += stores.events.append(events.slice(i, i + 5_000)).inserted;
  }
  stores.close();
  process.stderr.write(`${total} events from ${first}, ${days} days, in ${dataDir}\n`);
}

main();
