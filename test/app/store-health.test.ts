// The layers' line in /api/health: the last run that rolled a day up, kept across restarts.
import { describe, expect, it } from "vitest";
import { layerHealth } from "../../src/app/store-health.js";
import type { CycleReport } from "../../src/layers/layer-cycle.js";

const quietCycle: CycleReport = {
  reason: "schedule",
  startedAt: Date.UTC(2026, 11, 8, 9, 0),
  finishedAt: Date.UTC(2026, 11, 8, 9, 0, 1),
  rollup: { rolledUp: [], failed: [], durationMs: 0 },
  archive: { archived: [], failed: [] } as unknown as CycleReport["archive"],
  retention: null,
  budget: null,
  errors: [],
};
const run = {
  startedAt: Date.UTC(2026, 11, 7, 23, 10),
  finishedAt: Date.UTC(2026, 11, 7, 23, 10, 2),
  reason: "schedule",
  days: ["2026-12-07"],
  events: 5999,
  durationMs: 219,
};

describe("layer health", () => {
  it("tells the last run that rolled a day up, not the last cycle that found nothing", () => {
    expect(layerHealth(quietCycle, run)[0]).toEqual({
      name: "layers",
      status: "ok",
      detail: "last rollup: 1 day (2026-12-07), 5,999 events",
      at: Date.UTC(2026, 11, 7, 23, 10, 2),
    });
  });

  it("still knows it after a restart, before the first cycle", () => {
    const after = layerHealth(null, { ...run, days: ["2026-12-06", "2026-12-05", "2026-12-07"], events: 1 });
    expect(after[0].detail).toBe("last rollup: 3 days (2026-12-05 to 2026-12-07), 1 event");
    expect(after[1]).toEqual({ name: "archive", status: "ok", detail: "no cycle since the start yet" });
  });

  it("says so when nothing was ever rolled up, and names the days that failed", () => {
    expect(layerHealth(quietCycle, undefined)[0].detail).toBe("no day rolled up yet");
    expect(layerHealth(quietCycle, undefined)[1].detail).toBe("0 days archived in the last cycle");
    const failed = { ...quietCycle, rollup: { ...quietCycle.rollup, failed: [{ day: "2026-12-07", error: "x" }] } };
    expect(layerHealth(failed, run)[0]).toEqual({
      name: "layers",
      status: "degraded",
      detail: "rollup failed for 2026-12-07",
    });
  });
});
