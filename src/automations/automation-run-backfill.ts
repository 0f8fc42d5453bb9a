// Fills the days of automation runs the add-on did not hear, from Home Assistant's recorder history (last_triggered).
import type { Clock } from "../core/clock.js";
import { domainOf } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";
import type { HaCompressedHistoryRow, HaHistoryResult } from "../sources/ha/ha-messages.js";
import { epochSecondsToMs } from "../sources/ha/ha-time.js";
import type { AutomationRunStore } from "./automation-run-days.js";
import { RUN_DAYS_KEPT } from "./automation-run-recorder.js";

/** What the backfill reads from Home Assistant (HaSource). */
export interface AutomationHistory {
  liveEntities(): string[];
  historyWithAttributes(entityIds: readonly string[], startMs: number): Promise<HaHistoryResult>;
}

export interface AutomationRunBackfillDeps {
  ha: AutomationHistory;
  runs: AutomationRunStore;
  time: LocalTime;
  clock: Clock;
}

/** Automations per history request: their attribute rows stay well below HA's message limits. */
const AUTOMATIONS_PER_REQUEST = 50;
const DAY_MS = 86_400_000;

/**
 * When each run started, from an automation's recorded states. Home Assistant 2023.12 does not
 * record last_triggered (nor `current`), but every run still writes two attribute-only states
 * (current 1 at the start, 0 at the end): rows whose last_changed is older than last_updated.
 * The first of each pair is the start; a real state change (created, reloaded, switched) ends
 * any pairing in progress. Checked against a real Home Assistant's history (test/fixtures).
 */
export function runStarts(rows: readonly HaCompressedHistoryRow[]): number[] {
  const starts: number[] = [];
  let inRun = false;
  for (const row of rows) {
    const attributeOnly = row.lc !== undefined && row.lc !== row.lu;
    if (!attributeOnly || row.s !== "on") {
      inRun = false;
      continue;
    }
    if (!inRun) starts.push(epochSecondsToMs(row.lu));
    inRun = !inRun;
  }
  return starts;
}

/**
 * Fills each day Home Assistant's recorder has runs for (it keeps 10 days by default) and the
 * run store has none: the add-on was away, or not yet installed. A day already counted (heard
 * live, or filled before) is left alone, so filling again after each reconnect never counts a
 * run twice. Returns how many runs were added.
 */
export async function backfillAutomationRuns(deps: AutomationRunBackfillDeps): Promise<number> {
  const automations = deps.ha
    .liveEntities()
    .filter((e) => domainOf(e) === "automation")
    .sort();
  const startMs = deps.clock.now() - RUN_DAYS_KEPT * DAY_MS;
  let added = 0;
  for (let i = 0; i < automations.length; i += AUTOMATIONS_PER_REQUEST) {
    const history = await deps.ha.historyWithAttributes(automations.slice(i, i + AUTOMATIONS_PER_REQUEST), startMs);
    const fromDay = deps.time.dayOf(startMs);
    const toDay = deps.time.dayOf(deps.clock.now());
    const counted = new Set(deps.runs.daysBetween(fromDay, toDay).map((d) => `${d.automation}|${d.day}`));
    for (const [automation, rows] of Object.entries(history)) {
      const friendly = rows.map((r) => r.a?.friendly_name).findLast((n) => typeof n === "string" && n !== "");
      const name = typeof friendly === "string" ? friendly : automation;
      for (const ts of runStarts(rows)) {
        const day = deps.time.dayOf(ts);
        if (ts < startMs || counted.has(`${automation}|${day}`)) continue;
        deps.runs.record({ automation, name, day, ts });
        added++;
      }
    }
  }
  return added;
}
