// Simulated events streamed from a separate process, so the measured process holds no simulator.
import { type ChildProcess, spawn } from "node:child_process";
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
export async function writeEventFeed(eventsPerDay: number, firstDay: string, days: number): Promise<void> {
  const home = createSimulatedHome({ size: "large", eventsPerDay, seed: 1, timeZone: "Europe/Berlin" });
  // Waits when the reader is behind, so the simulator never runs far ahead of the measured process.
  const send = async (m: FeedMessage) => {
    if (!process.stdout.write(`${JSON.stringify(m)}\n`))
      await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
  };
  await send({ type: "registry", areas: home.areas, devices: home.devices, entities: home.entities });
  // The next day is simulated only when the reader asks (a line on stdin): never while it is being measured.
  // Each batch waits for the reader to take the one before (another line), as a live source would
  // hand events over: the reader never holds a day's text it has not parsed yet.
  const requests = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const generated = home.generate(firstDay, days);
  for (;;) {
    if ((await requests.next()).done) return;
    const next = generated.next();
    if (next.done) break;
    const { day, events } = next.value;
    for (let i = 0; i < events.length; i += FEED_BATCH) {
      await send({ type: "batch", day, events: events.slice(i, i + FEED_BATCH) });
      if ((await requests.next()).done) return;
    }
    await send({ type: "dayEnd", day, events: events.length });
  }
  process.stdin.destroy();
}

/**
 * Starts a feeding process (this same script with --feed) and reads its messages in order. After
 * the registry and after each day's end the feed waits until `nextDay()` asks for the next day;
 * after each batch, until the reader asks for the next message.
 */
export function readEventFeed(script: string, eventsPerDay: number, firstDay: string, days: number): EventFeed {
  const child = spawn(process.execPath, [script, "--feed", String(eventsPerDay), firstDay, String(days)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return { messages: feedMessages(child), nextDay: () => void child.stdin!.write("next\n") };
}

export interface EventFeed {
  messages: AsyncGenerator<FeedMessage>;
  nextDay(): void;
}

async function* feedMessages(child: ChildProcess): AsyncGenerator<FeedMessage> {
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.trim() === "") continue;
      const message = JSON.parse(line) as FeedMessage;
      yield message;
      if (message.type === "batch") child.stdin!.write("more\n");
    }
    const code = await exited;
    if (code !== 0) throw new Error(`the event feed exited with ${code}`);
  } finally {
    child.stdin!.end();
    if (child.exitCode === null) child.kill();
  }
}
