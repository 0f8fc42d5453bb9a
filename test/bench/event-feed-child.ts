// The bench's feeding process for event-feed-pacing.test.ts: one day of the large simulated home.
import { writeEventFeed } from "../../bench/layers/event-feed.js";

await writeEventFeed(Number(process.argv[2]), "2026-01-05", 1);
