// Simulated events streamed from a separate process, so the measured process holds no simulator.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createSimulatedHome } from "../../src/sources/simulator/index.js";
import type { AreaRecord, DeviceRecord, EntityRecord } from "../../src/storage/registry-store.js";

export type FeedMessage =
  | { type: "registry"; areas: AreaRecord[]; devices: DeviceRecord[]; entities: EntityRecord[] }
  | { type: "batch"; day: string; events: HomeEvent[] }
  | { type: "dayEnd"; day: string; events: number };

export const FEED_BATCH = 5_000;

/** The feeding process: the large simulated home (seed 1, Europe/Berlin), one JSON line per batch on stdout. */
export function writeEventFeed(eventsPerDay: number, firstDay: string, days: number): void {
  const home = createSimulatedHome({ size: "large", eventsPerDay, seed: 1, timeZone: "Europe/Berlin" });
  // stdout to a pipe is synchronous on Linux: a slow reader holds the simulator back.
  const send = (m: FeedMessage) => process.stdout.write(JSON.stringify(m) + "\n");
  send({ type: "registry", areas: home.areas, devices: home.devices, entities: home.entities });
  for (const { day, events } of home.generate(firstDay, days)) {
    for (let i = 0; i < events.length; i += FEED_BATCH) send({ type: "batch", day, events: events.slice(i, i + FEED_BATCH) });
    send({ type: "dayEnd", day, events: events.length });
  }
}

/** Starts a feeding process (this same script with --feed) and reads its messages in order. */
export async function* readEventFeed(script: string, eventsPerDay: number, firstDay: string, days: number): AsyncGenerator<FeedMessage> {
  const child = spawn(process.execPath, [script, "--feed", String(eventsPerDay), firstDay, String(days)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.trim() !== "") yield JSON.parse(line) as FeedMessage;
    }
    const code = await exited;
    if (code !== 0) throw new Error(`the event feed exited with ${code}`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
