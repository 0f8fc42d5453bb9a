// Counts each automation run Home Assistant announces (automation_triggered) into its local day.
import type { LocalTime } from "../core/local-time.js";
import { addDays } from "../core/local-time.js";
import type { HaContextEvent } from "../sources/ha/ha-event-mapping.js";
import type { AutomationRunStore } from "./automation-run-days.js";

/** Run days kept: two of the eight-week windows the quiet check reads, so a restart never starts blind. */
export const RUN_DAYS_KEPT = 112;

export interface AutomationRunRecorderDeps {
  runs: AutomationRunStore;
  time: LocalTime;
  /** HaSource.onContextEvent: service calls and automation runs; returns the unsubscribe. */
  contextEvents: (listener: (event: HaContextEvent) => void) => () => void;
}

/** Starts counting; returns the unsubscribe. Old days are forgotten once a day, at its first run. */
export function recordAutomationRuns(deps: AutomationRunRecorderDeps): () => void {
  let prunedOn: string | null = null;
  return deps.contextEvents((event) => {
    if (event.kind !== "automation_triggered") return;
    const day = deps.time.dayOf(event.ts);
    deps.runs.record({ automation: event.automation, name: event.name, day, ts: event.ts });
    if (prunedOn !== day) {
      prunedOn = day;
      deps.runs.deleteBefore(addDays(day, -RUN_DAYS_KEPT));
    }
  });
}
