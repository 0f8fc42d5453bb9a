// What every importer promises, run against each format: streaming, progress, status, failure.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createImporter, type ImportFormat } from "../../../src/sources/importers/create-importer.js";
import type { ImportProgress } from "../../../src/sources/importers/file-importer.js";
import { collectingSink } from "../mqtt/collecting-sink.js";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/imports");
const dir = mkdtempSync(path.join(os.tmpdir(), "hp-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  format: ImportFormat;
  fixture: string;
  events: number;
  lines: number;
  /** Lines that are neither events nor errors (header, blank, repeated state, other event types). */
  skipped: number;
  source: string;
  /** Writes a file of n lines, each one state change of light.hallway_<i % 7> (on/off alternating). */
  bigFile(file: string, n: number): void;
}

const cases: Case[] = [
  {
    format: "ha-history-csv",
    fixture: "history.csv",
    events: 16,
    lines: 19,
    skipped: 3,
    source: "import:csv",
    bigFile(file, n) {
      const rows = ["entity_id,state,last_changed"];
      for (let i = 0; i < n - 1; i++) {
        rows.push(
          `light.hallway_${i % 7},${Math.floor(i / 7) % 2 ? "on" : "off"},${new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString()}`,
        );
      }
      writeFileSync(file, `${rows.join("\n")}\n`);
    },
  },
  {
    format: "jsonl",
    fixture: "state-changed.jsonl",
    events: 9,
    lines: 11,
    skipped: 4,
    source: "import:jsonl",
    bigFile(file, n) {
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const state = Math.floor(i / 7) % 2 ? "on" : "off";
        const ts = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
        const ctx = { id: `01M8${String(i).padStart(22, "0")}`, parent_id: null, user_id: null };
        rows.push(
          JSON.stringify({
            event_type: "state_changed",
            data: {
              entity_id: `light.hallway_${i % 7}`,
              old_state: { state: state === "on" ? "off" : "on" },
              new_state: { entity_id: `light.hallway_${i % 7}`, state, last_changed: ts, context: ctx },
            },
            time_fired: ts,
            context: ctx,
          }),
        );
      }
      writeFileSync(file, `${rows.join("\n")}\n`);
    },
  },
];

describe.each(cases)("importer contract: $format", (c) => {
  it("reads the fixture to the end: state finished, every event from this source, counts in status and report", async () => {
    const progress: ImportProgress[] = [];
    const file = path.join(FIXTURES, c.fixture);
    const importer = createImporter(c.format, file, { onProgress: (p) => progress.push(p) });
    expect(importer.name).toBe(c.source);
    expect(importer.status().state).toBe("stopped");
    const sink = collectingSink();
    await importer.start(sink);
    expect(sink.events).toHaveLength(c.events);
    expect(new Set(sink.events.map((e) => e.source))).toEqual(new Set([c.source]));
    const size = statSync(file).size;
    expect(importer.status()).toMatchObject({ name: c.source, state: "finished", eventsDelivered: c.events });
    expect(importer.status().detail).toBe(
      `${file}: ${c.lines} lines, 0.0 of 0.0 MB (100%), ${c.events} events, 0 malformed`,
    );
    expect(progress.at(-1)).toEqual({
      linesRead: c.lines,
      bytesRead: size,
      totalBytes: size,
      events: c.events,
      malformed: 0,
      skipped: c.skipped,
    });
    const report = importer.report();
    expect(report).toMatchObject({ malformed: 0, errors: [], failure: undefined });
    // Every line ends as exactly one outcome.
    expect(report.linesWithEvents + report.skipped + report.malformed).toBe(c.lines);
    expect(sink.rejects).toEqual([]);
  });

  it("streams a large file, reporting progress as it goes", async () => {
    const file = path.join(dir, `big-${c.format}`);
    c.bigFile(file, 50_000);
    const progress: ImportProgress[] = [];
    const importer = createImporter(c.format, file, {
      onProgress: (p) => progress.push(p),
      progressEveryLines: 10_000,
    });
    const sink = collectingSink();
    await importer.start(sink);
    const size = statSync(file).size;
    expect(progress.map((p) => p.linesRead)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 50_000]);
    expect(progress.every((p) => p.totalBytes === size)).toBe(true);
    expect(progress[0].bytesRead).toBeGreaterThan(0);
    expect(progress[0].bytesRead).toBeLessThan(progress[1].bytesRead);
    expect(progress.at(-1)).toMatchObject({ bytesRead: size, malformed: 0 });
    expect(sink.events.length).toBe(progress.at(-1)!.events);
    expect(sink.events.length).toBeGreaterThan(49_000);
    expect(importer.report().entities).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `light.hallway_${i}`));
  });

  it("can be stopped part way: fewer events, state stopped", async () => {
    const file = path.join(dir, `stop-${c.format}`);
    c.bigFile(file, 50_000);
    const sink = collectingSink();
    const importer = createImporter(c.format, file, {
      progressEveryLines: 1000,
      onProgress: (p) => {
        if (p.linesRead === 2000) void importer.stop();
      },
    });
    await importer.start(sink);
    expect(importer.status().state).toBe("stopped");
    expect(importer.report().linesRead).toBeLessThan(50_000);
    expect(sink.events.length).toBeLessThan(3000);
  });

  it("fails with the file name and state error when the file does not exist", async () => {
    const missing = path.join(dir, "no-such-file");
    const importer = createImporter(c.format, missing);
    await expect(importer.start(collectingSink())).rejects.toThrow(`cannot read ${missing}: ENOENT`);
    expect(importer.status().state).toBe("error");
    expect(importer.report().failure).toMatch(/^cannot read .*no-such-file: ENOENT/);
  });
});
