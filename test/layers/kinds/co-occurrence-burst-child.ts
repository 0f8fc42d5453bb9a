// Child process of the burst test: one day whose first event of each of `entities` entities comes at the same instant (the first rows of a history download), through co_occurrence_daily under the heap limit it was started with.
import type { HomeEvent } from "../../../src/core/home-event.js";
import { coOccurrenceDaily } from "../../../src/layers/kinds/co-occurrence-daily.js";
import { BERLIN, dayInput } from "./day-input.js";

const [day, entities] = process.argv.slice(2);
const { start } = BERLIN.dayBounds(day);
const kinds = ["light", "binary_sensor", "switch"];
const events: HomeEvent[] = [];
for (let e = 0; e < Number(entities); e++) {
  const entity = `${kinds[e % 3]}.burst_${e}`;
  events.push({ ts: start + 3_600_000, entity, state: "on", source: "test" });
  events.push({ ts: start + 7_200_000 + e * 1000, entity, state: "off", previous: "on", source: "test" });
}
const rows = coOccurrenceDaily.computeDay(dayInput(day, events));
const pairs = [...rows.keys()].filter((k) => k.startsWith("pair|")).length;
process.stdout.write(`${JSON.stringify({ rows: rows.size, pairs })}\n`);
