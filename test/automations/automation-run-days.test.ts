// The run-days store contract, against SQLite (migration 0005 applied) and memory.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AutomationRunStore,
  MemoryAutomationRunStore,
  SqliteAutomationRunStore,
} from "../../src/automations/automation-run-days.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const backends: [string, () => AutomationRunStore][] = [
  [
    "sqlite",
    () => {
      const stores = openSqliteStores({
        dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-runs-")),
        logger: createMemoryLogger(),
        now: () => 0,
      });
      closers.push(() => stores.close());
      return new SqliteAutomationRunStore(stores.db);
    },
  ],
  ["memory", () => new MemoryAutomationRunStore()],
];

describe.each(backends)("automation run days in %s", (_name, open) => {
  it("adds runs of one day up, keeps the newest time and name, and lists days in a range", () => {
    const runs = open();
    runs.record({ automation: "automation.b", name: "B", day: "2026-11-02", ts: 2_000 });
    runs.record({ automation: "automation.a", name: "A", day: "2026-11-02", ts: 5_000 });
    runs.record({ automation: "automation.a", name: "A renamed", day: "2026-11-02", ts: 4_000 });
    runs.record({ automation: "automation.a", name: "A renamed", day: "2026-11-03", ts: 9_000 });
    expect(runs.daysBetween("2026-11-02", "2026-11-02")).toEqual([
      { automation: "automation.a", name: "A renamed", day: "2026-11-02", runs: 2, lastTs: 5_000 },
      { automation: "automation.b", name: "B", day: "2026-11-02", runs: 1, lastTs: 2_000 },
    ]);
    expect(runs.deleteBefore("2026-11-03")).toBe(2);
    expect(runs.daysBetween("2026-01-01", "2026-12-31").map((r) => [r.automation, r.day, r.runs])).toEqual([
      ["automation.a", "2026-11-03", 1],
    ]);
  });
});
