// The automation_quiet detector: each automation that went quiet becomes a finding, dismissible like any other.

import type { AutomationRunStore } from "../automations/automation-run-days.js";
import { addDays } from "../core/local-time.js";
import type { Finding } from "../patterns/finding.js";
import { QUIET_WINDOW_DAYS, quietAutomations, quietSummary } from "./automation-quiet.js";
import type { Detector, DetectorInput } from "./detector.js";
import { round3 } from "./scoring/usefulness.js";

export class AutomationQuietDetector implements Detector {
  readonly type = "automation_quiet" as const;
  readonly windowDays = QUIET_WINDOW_DAYS;

  constructor(
    private readonly runs: AutomationRunStore,
    /** Automations a user switched off are not reported: they stop on purpose. */
    private readonly switchedOff: (automation: string) => boolean = () => false,
  ) {}

  /**
   * Reads the run days, not L2: runs are heard from Home Assistant, not stored as state changes.
   * The key carries the last run day, so a dismissal silences this silence only, not the next one.
   */
  detect(input: DetectorInput): Finding[] {
    const days = this.runs.daysBetween(addDays(input.to, -(this.windowDays - 1)), input.to);
    const quiet = quietAutomations(days, input.to).filter((q) => !this.switchedOff(q.automation));
    return quiet.map((q) => {
      const rate = q.runDays / q.ofDays;
      // How sure it would have run at least once in the silent days at its usual rate.
      const confidence = round3(1 - (1 - Math.min(rate, 0.99)) ** q.silentDays);
      const runDays = days.filter((d) => d.automation === q.automation).map((d) => d.day);
      return {
        type: this.type,
        key: `automation_quiet:${q.automation}:${q.lastRunDay}`,
        entities: [q.automation],
        area: input.registry.areaOf(q.automation),
        summary: quietSummary(q, input.time),
        confidence,
        support: q.runDays,
        opportunities: q.ofDays,
        usefulness: confidence,
        automated: true,
        users: [],
        evidence: { days: runDays },
        params: {
          name: q.name,
          lastRun: new Date(q.lastRun).toISOString(),
          lastRunDay: q.lastRunDay,
          usualGapDays: q.usualGapDays,
          silentDays: q.silentDays,
        },
      };
    });
  }
}
