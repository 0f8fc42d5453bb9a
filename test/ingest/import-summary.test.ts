// The import summary, for any importer: every line or row read ends in exactly one count.
import { describe, expect, it } from "vitest";
import { accountedLines, describeImport, importFigures } from "../../src/ingest/import-summary.js";
import type { IngestCounters } from "../../src/ingest/ingest-pipeline.js";

const counters = (c: Partial<IngestCounters>): IngestCounters => ({
  received: 0,
  stored: 0,
  duplicates: 0,
  malformed: 0,
  malformedByReason: {},
  filtered: 0,
  unchanged: 0,
  batches: 0,
  writeErrors: 0,
  dropped: 0,
  pending: 0,
  halted: null,
  lastBatchAt: null,
  lastError: null,
  malformedBySource: {},
  ...c,
});

describe("import summary", () => {
  it("adds up when some lines hold several events and ingest refuses or leaves out some of them", () => {
    // 10 rows: 1 header, 1 refused by the reader, 8 with 11 events between them. Of the events,
    // 6 stored, 1 already stored, 2 refused by ingest (a year 2100 among them), 1 filtered, 1 unchanged.
    const f = importFigures(
      { linesRead: 10, linesWithEvents: 8, events: 11, skippedByReason: { header: 1 } },
      counters({
        stored: 6,
        duplicates: 1,
        malformed: 3,
        malformedByReason: { "not valid JSON": 1, "time more than a day ahead": 2 },
        filtered: 1,
        unchanged: 1,
      }),
    );
    expect(accountedLines(f)).toBe(10);
    expect(describeImport("recorder", f, "rows")).toEqual([
      "imported recorder: 10 rows read: 6 events stored, 1 already stored, 3 refused, 3 left out",
      "  refused: 2 time more than a day ahead, 1 not valid JSON",
      "  left out: 1 header, 1 left out by the include/exclude options, 1 same state as before",
      "  (some rows held several events: 3 more events than rows)",
    ]);
  });

  it("says so, rather than showing figures that do not add up", () => {
    const f = importFigures(
      { linesRead: 5, linesWithEvents: 3, events: 3, skippedByReason: {} },
      counters({ stored: 2 }),
    );
    expect(describeImport("f.csv", f).at(-1)).toBe("  3 lines not accounted for: please report this");
  });
});
