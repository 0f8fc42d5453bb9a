// `home-patterns import` on hostile files: every line accounted for, impossible values refused with a reason.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importText(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const dataDir = mkdtempSync(path.join(dir, "data-"));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("import", [file], {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23, 12)),
    out: (l) => out.push(l.replace(file, name)),
    err: (l) => err.push(l),
  });
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
  const events = stores.events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER });
  stores.close();
  return { code, out, err, events };
}

const csv = (rows: string[]) => `${["entity_id,state,last_changed", ...rows].join("\n")}\n`;

describe("import summary adds up", () => {
  it("counts times before 2000 and states over 255 characters as refused, never cut or lost", async () => {
    const long = "a".repeat(300);
    const r = await importText(
      "eleven.csv",
      csv([
        "light.kitchen,on,2026-11-20T06:00:00Z",
        "light.kitchen,off,1970-01-01T00:00:00Z",
        "light.kitchen,off,1969-12-31T23:59:59Z",
        "light.kitchen,off,2026-11-20T07:00:00Z",
        `sensor.note,${long}1,2026-11-20T07:01:00Z`,
        `sensor.note,${long}2,2026-11-20T07:02:00Z`,
        "light.kitchen,on,2026-11-20T08:00:00Z",
        "light.kitchen,on,2026-11-20T08:30:00Z",
        "",
        "light.hall,on,2026-11-20T09:00:00Z",
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      "imported eleven.csv: 11 lines read: 4 events stored, 0 already stored, 4 refused, 3 left out; 2 entities (2 with an area)",
      "  refused: 2 state over 255 characters, 2 time before 2000",
      "  left out: 1 blank line, 1 header, 1 same state as the row before",
      "  line 3: time before 2000: 1970-01-01T00:00:00.000Z",
      "  line 4: time before 2000: 1969-12-31T23:59:59.000Z",
      "  line 6: state of 301 characters for sensor.note",
      "  line 7: state of 301 characters for sensor.note",
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);
    expect(r.events.map((e) => `${e.entity}=${e.state}`)).toEqual([
      "light.kitchen=on",
      "light.kitchen=off",
      "light.kitchen=on",
      "light.hall=on",
    ]);
  });

  it("refuses impossible dates and times, far-future years and a 5,006-character entity id, each with its reason", async () => {
    const hugeId = `sensor.${"x".repeat(4999)}`;
    expect(hugeId.length).toBe(5006);
    const r = await importText(
      "impossible.csv",
      csv([
        "light.a,on,2026-02-30T10:00:00Z",
        "light.a,off,2026-11-20T24:00:00Z",
        "light.a,on,2100-01-01T00:00:00Z",
        "light.a,off,9999-12-31T23:59:59Z",
        `${hugeId},on,2026-11-20T10:00:00Z`,
        "light.a,on,2026-11-20T10:00:00Z",
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      "imported impossible.csv: 7 lines read: 1 event stored, 0 already stored, 5 refused, 1 left out; 1 entity (0 with an area)",
      "  refused: 2 impossible time, 2 time more than a day ahead, 1 entity id over 255 characters",
      "  left out: 1 header",
      '  line 2: last_changed: day 2026-02-30 does not exist: "2026-02-30T10:00:00Z"',
      '  line 3: last_changed: time of day 24:00:00 does not exist: "2026-11-20T24:00:00Z"',
      "  line 4: time more than a day ahead: 2100-01-01T00:00:00.000Z",
      "  line 5: time more than a day ahead: 9999-12-31T23:59:59.000Z",
      `  line 6: entity id of 5006 characters: "sensor.${"x".repeat(49)}..."`,
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);
    expect(r.events).toEqual([
      { ts: Date.UTC(2026, 10, 20, 10), entity: "light.a", state: "on", source: "import:csv" },
    ]);
  });

  it("applies the same rules to state_changed JSONL", async () => {
    const line = (entity: string, state: string, at: string) =>
      JSON.stringify({
        event_type: "state_changed",
        data: { entity_id: entity, old_state: null, new_state: { entity_id: entity, state, last_changed: at } },
        time_fired: at,
      });
    const r = await importText(
      "events.jsonl",
      `${[
        line("light.a", "on", "1970-01-01T00:00:00.001Z"),
        line("light.a", "off", "2026-11-20T06:00:00Z"),
        line("light.a", "b".repeat(256), "2026-11-20T07:00:00Z"),
        line("light.a", "on", "2026-04-31T07:00:00Z"),
      ].join("\n")}\n`,
    );
    expect(r.out.slice(0, 2)).toEqual([
      "imported events.jsonl: 4 lines read: 1 event stored, 0 already stored, 3 refused, 0 left out; 1 entity (0 with an area)",
      "  refused: 1 impossible time, 1 state over 255 characters, 1 time before 2000",
    ]);
  });
});

describe("CSV with an unclosed quote", () => {
  it("resynchronises at the next row: the 1,851 rows after it are stored and the broken line is counted", async () => {
    const rows = ['sensor.note,"never closed,2026-11-20T05:00:00Z'];
    for (let i = 0; i < 1851; i++) {
      rows.push(`light.hall,${i % 2 ? "off" : "on"},${new Date(Date.UTC(2026, 10, 20, 6) + i * 1000).toISOString()}`);
    }
    const r = await importText("unclosed.csv", csv(rows));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      "imported unclosed.csv: 1853 lines read: 1851 events stored, 0 already stored, 1 refused, 1 left out; 1 entity (1 with an area)",
      "  refused: 1 unclosed quote",
      "  left out: 1 header",
      "  line 2: quoted field opened on line 2 is never closed",
      "1 of 1 closed days within the 7-day raw retention: rolled up",
    ]);
    expect(r.events.length).toBe(1851);
  });

  it("counts every line a broken quote took with it, and still joins a real multi-line field", async () => {
    const r = await importText(
      "two-broken.csv",
      csv([
        'sensor.note,"first,2026-11-20T05:00:00Z',
        "some words that are not a row",
        'sensor.note,"second,2026-11-20T05:01:00Z',
        "light.hall,on,2026-11-20T06:00:00Z",
        'sensor.note,"multi',
        'line",2026-11-20T06:01:00Z',
        "light.hall,off,2026-11-20T06:02:00Z",
      ]),
    );
    expect(r.out.slice(0, 3)).toEqual([
      "imported two-broken.csv: 8 lines read: 3 events stored, 0 already stored, 3 refused, 2 left out; 2 entities (1 with an area)",
      "  refused: 3 unclosed quote",
      "  left out: 1 continues a quoted field, 1 header",
    ]);
    expect(r.events.map((e) => e.state)).toEqual(["on", "multi\nline", "off"]);
  });
});

describe("import of what is not a file", () => {
  // It used to start, print "importing …: 0%" and fail with EISDIR once the data dir was claimed.
  it("refuses a folder before opening the data dir, with exit code 2", async () => {
    const dataDir = mkdtempSync(path.join(dir, "data-"));
    const folder = mkdtempSync(path.join(dir, "history-"));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand("import", ["--format", "jsonl", folder], {
      env: { DATA_DIR: dataDir, TZ: "UTC" },
      cwd: process.cwd(),
      clock: new ManualClock(Date.UTC(2026, 10, 23, 12)),
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(err).toEqual([`cannot read ${folder}: it is a folder, not a file`]);
    expect(out).toEqual([]);
    expect(code).toBe(2);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
