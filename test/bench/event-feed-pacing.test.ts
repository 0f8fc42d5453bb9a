// The bench's event feed hands over one batch at a time, as a live source would: the measured
// process must never hold a day of JSON text it has not parsed yet (that was the bench's memory,
// not the service's).
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { expect, it } from "vitest";
import { FEED_BATCH } from "../../bench/layers/event-feed.js";

it("sends the next batch only when the reader asks for it", async () => {
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/vite-node/vite-node.mjs"),
      path.resolve("test/bench/event-feed-child.ts"),
      String(FEED_BATCH * 3),
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const kinds: string[] = [];
  let waiting: (() => void) | null = null;
  createInterface({ input: child.stdout }).on("line", (line) => {
    kinds.push((JSON.parse(line) as { type: string }).type);
    waiting?.();
  });
  const lines = (n: number) =>
    new Promise<void>((resolve) => {
      waiting = () => kinds.length >= n && resolve();
      waiting();
    });
  // Whatever the feed would write unasked arrives within this pause; a paced feed writes nothing.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  try {
    await lines(1);
    expect(kinds).toEqual(["registry"]);
    child.stdin.write("next\n");
    await lines(2);
    await pause();
    expect(kinds).toEqual(["registry", "batch"]);
    child.stdin.write("more\n");
    await lines(3);
    await pause();
    expect(kinds).toEqual(["registry", "batch", "batch"]);
  } finally {
    child.kill();
  }
}, 60_000);
