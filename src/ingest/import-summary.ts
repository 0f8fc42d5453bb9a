// The summary of any import: every line read ends in exactly one count, so the figures add up.

import { counted } from "../core/plural.js";
import type { IngestCounters } from "./ingest-pipeline.js";

/** What an importer knows about its input; ingest's counters know what became of the events. */
export interface ImportTally {
  linesRead: number;
  /** Lines that held at least one event handed to ingest. */
  linesWithEvents: number;
  /** Events handed to ingest. */
  events: number;
  /** Lines that are neither events nor errors (a header, a blank line, a repeated state). */
  skippedByReason: Record<string, number>;
}

export interface ImportFigures {
  linesRead: number;
  stored: number;
  alreadyStored: number;
  /** Refused with a reason: by the importer (a malformed line) or by ingest's rules. */
  refused: Record<string, number>;
  /** Not events, or left out on purpose. */
  leftOut: Record<string, number>;
  /** Read but not stored because the store refused writes (a full disk). */
  notStored: number;
  /** Events beyond one per line (a line of coalesced frames holds several). */
  extraEvents: number;
}

export function importFigures(tally: ImportTally, counters: IngestCounters): ImportFigures {
  const leftOut = { ...tally.skippedByReason };
  if (counters.filtered > 0) leftOut["left out by the include/exclude options"] = counters.filtered;
  if (counters.unchanged > 0)
    leftOut["same state as before"] = (leftOut["same state as before"] ?? 0) + counters.unchanged;
  return {
    linesRead: tally.linesRead,
    stored: counters.stored,
    alreadyStored: counters.duplicates,
    refused: { ...counters.malformedByReason },
    leftOut,
    notStored: counters.pending + counters.dropped,
    extraEvents: tally.events - tally.linesWithEvents,
  };
}

/** stored + already stored + refused + left out + not stored, less the extra events of multi-event lines. */
export function accountedLines(f: ImportFigures): number {
  return f.stored + f.alreadyStored + sum(f.refused) + sum(f.leftOut) + f.notStored - f.extraEvents;
}

/**
 * The lines a user reads after an import; the first says the totals, the next ones the reasons.
 * `unit` names what was read: "lines" for files, "rows" for an importer reading a database.
 */
export function describeImport(file: string, f: ImportFigures, unit = "lines"): string[] {
  const refused = sum(f.refused);
  const leftOut = sum(f.leftOut);
  const parts = [
    `${counted(f.stored, "event")} stored`,
    `${f.alreadyStored} already stored`,
    `${refused} refused`,
    `${leftOut} left out`,
  ];
  if (f.notStored > 0) parts.push(`${f.notStored} read but not stored`);
  const lines = [`imported ${file}: ${counted(f.linesRead, unit.replace(/s$/, ""), unit)} read: ${parts.join(", ")}`];
  if (refused > 0) lines.push(`  refused: ${byCount(f.refused)}`);
  if (leftOut > 0) lines.push(`  left out: ${byCount(f.leftOut)}`);
  if (f.extraEvents > 0)
    lines.push(
      `  (some ${unit} held several events: ${f.extraEvents} more ${f.extraEvents === 1 ? "event" : "events"} than ${unit})`,
    );
  const gap = f.linesRead - accountedLines(f);
  // Never expected; if it happens the user is told rather than shown figures that do not add up.
  if (gap !== 0) lines.push(`  ${gap} ${unit} not accounted for: please report this`);
  return lines;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}

/** "2 impossible time, 1 header", the biggest first. */
function byCount(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(", ");
}
