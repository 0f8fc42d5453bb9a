// Writes N days of the large simulated home as state_changed JSON lines, ending yesterday: a home to import, then `run`.
import { createWriteStream } from "node:fs";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createSimulatedHome } from "../../src/sources/simulator/index.js";

/** `node dist-bench/bench/memory/home-jsonl.js <out.jsonl> <events per day> <days>` */
async function main(): Promise<void> {
  const [out, rate, days] = process.argv.slice(2);
  if (!out || !Number(rate) || !Number(days)) throw new Error("usage: home-jsonl <out.jsonl> <events/day> <days>");
  const home = createSimulatedHome({ size: "large", eventsPerDay: Number(rate), seed: 1, timeZone: "Europe/Berlin" });
  const time = new LocalTime(home.timeZone);
  const first = addDays(time.dayOf(Date.now()), -Number(days));
  const file = createWriteStream(out);
  let lines = 0;
  for (const { events } of home.generate(first, Number(days))) {
    for (const e of events) {
      const at = new Date(e.ts).toISOString();
      const line = {
        event_type: "state_changed",
        time_fired: at,
        data: {
          entity_id: e.entity,
          old_state: e.previous === undefined ? null : { state: e.previous },
          new_state: { state: e.state, last_changed: at, context: { id: `c${lines}`, user_id: e.user ?? null } },
        },
      };
      if (!file.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((r) => file.once("drain", () => r()));
      lines++;
    }
  }
  await new Promise<void>((r) => file.end(() => r()));
  process.stderr.write(`${lines} events from ${first}, ${days} days\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
