// A refresh after ingest waits until the minimum interval has passed since the last refresh of any kind.
import { describe, expect, it } from "vitest";
import { ingestRefreshDelay } from "../../../src/publish/mqtt-discovery/refresh-triggers.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");

describe("the delay of a refresh after ingest", () => {
  it.each<[string, number | null, number, number, number]>([
    ["no refresh yet: now", null, Number.NEGATIVE_INFINITY, T0, 0],
    ["a refresh 10 s ago: 20 s more", T0 - 10_000, Number.NEGATIVE_INFINITY, T0, 20_000],
    ["a refresh exactly 30 s ago: now", T0 - 30_000, Number.NEGATIVE_INFINITY, T0, 0],
    ["a refresh long ago: now", T0 - 600_000, Number.NEGATIVE_INFINITY, T0, 0],
    ["an ingest refresh 5 s ago, still running: 25 s more", T0 - 60_000, T0 - 5_000, T0, 25_000],
    ["an ingest refresh queued 5 s ago, none finished yet: 25 s more", null, T0 - 5_000, T0, 25_000],
    ["a periodic refresh after the last ingest one: counted from it", T0 - 2_000, T0 - 40_000, T0, 28_000],
  ])("%s", (_, lastRefreshAt, lastIngestRefreshAt, now, expected) => {
    expect(ingestRefreshDelay(lastRefreshAt, lastIngestRefreshAt, now)).toBe(expected);
  });
});
