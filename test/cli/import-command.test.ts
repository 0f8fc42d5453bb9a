// `home-patterns import`: real-format files go through ingest into L1, with a summary and areas.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const fixtures = path.join(import.meta.dirname, "../fixtures/imports");

async function importFile(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-import-"));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("import", args, {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23)),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  const events = stores.events.query({ from: 0, to: Date.UTC(2030, 0, 1) });
  const areas = stores.registry.listAreas().map((a) => a.areaId);
  stores.close();
  return { code, out, err, events, areas };
}

describe("import command", () => {
  it("imports Home Assistant's history download and names the lines it skipped", async () => {
    const r = await importFile(["--format", "ha-history-csv", path.join(fixtures, "history-with-errors.csv")]);
    expect(r.code).toBe(0);
    expect(r.out.slice(0, 3)).toEqual([
      `imported ${path.join(fixtures, "history-with-errors.csv")}: 12 lines read: 4 events stored, 0 already stored, 5 refused, 3 left out; 2 entities (2 with an area)`,
      "  refused: 2 not an ISO 8601 time with a zone, 1 bad entity id, 1 unclosed quote, 1 wrong number of fields",
      "  left out: 1 blank line, 1 continues a quoted field, 1 header",
    ]);
    expect(r.out.slice(3)).toEqual([
      '  line 4: last_changed is not an ISO 8601 time with a zone: "06:45"',
      '  line 5: not an entity id: "not-an-entity"',
      "  line 6: expected 3 fields, got 2",
      '  line 8: last_changed is not an ISO 8601 time with a zone: "2026-11-20T06:52:00"',
      "  line 12: quoted field opened on line 12 is never closed",
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);
    expect(r.events.length).toBe(4);
    expect(r.events.every((e) => e.source === "import:csv")).toBe(true);
  });

  it("imports state_changed JSONL, guessing the format from the name", async () => {
    const r = await importFile([path.join(fixtures, "state-changed.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.events.length).toBeGreaterThan(0);
    expect(new Set(r.events.map((e) => e.source))).toEqual(new Set(["import:jsonl"]));
  });

  it("says what is wrong with the arguments", async () => {
    expect((await importFile([])).err).toEqual([
      "import needs a file: home-patterns import --format ha-history-csv|jsonl <file>",
    ]);
    expect((await importFile(["--format", "xml", "x.xml"])).err).toEqual([
      "--format must be one of ha-history-csv, jsonl, ha-recorder, influxdb, influxdb2, ltss, got xml",
    ]);
    const missing = await importFile(["--format", "jsonl", "/nonexistent/file.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual([
      "cannot read /nonexistent/file.jsonl: ENOENT: no such file or directory, access '/nonexistent/file.jsonl'",
    ]);
  });

  it("refuses a missing or malformed --areas file before reading the history", async () => {
    const history = path.join(fixtures, "history.csv");
    const missing = await importFile([history, "--areas", "/nonexistent/areas.json"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual([
      "cannot read --areas /nonexistent/areas.json: ENOENT: no such file or directory, open '/nonexistent/areas.json'",
    ]);
    expect(missing.events).toEqual([]);
    const bad = path.join(mkdtempSync(path.join(os.tmpdir(), "hp-areas-")), "areas.json");
    writeFileSync(bad, '{"light.desk": ');
    const malformed = await importFile([history, "--areas", bad]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toHaveLength(1);
    expect(malformed.err[0]).toMatch(/^.*areas\.json: not valid JSON: /);
    expect(malformed.events).toEqual([]);
  });
});
