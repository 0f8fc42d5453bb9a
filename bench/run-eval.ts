// `npm run eval`: runs the detectors and the anomaly monitor over simulated homes and writes EVALUATION.md.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { addDays } from "../src/core/local-time.js";
import { packageRoot } from "../src/core/package-root.js";
import type { AnomalyPlan } from "../src/sources/simulator/index.js";
import { evaluationMarkdown } from "./eval/evaluation-report.js";
import { markedSectionOf, withMarkedSection } from "./eval/marked-section.js";
import { cleanAnomalyFigures, detectorFigures, loadFigures, plantedAnomalyFigures } from "./eval/metrics.js";
import { runScenario, type Scenario, type ScenarioResult } from "./eval/scenario.js";

/** Every kind twice, a week apart, so one does not become the next one's baseline. */
function plannedAnomalies(from: string, firstIndex: number): AnomalyPlan[] {
  const kinds: AnomalyPlan[] = [
    { day: "", kind: "unusual_time" },
    { day: "", kind: "long_on" },
    { day: "", kind: "missed_routine", routineId: "wake-up-bedroom-light" },
    { day: "", kind: "activity_high" },
    { day: "", kind: "activity_low" },
    { day: "", kind: "unavailable" },
    { day: "", kind: "missed_routine", routineId: "porch-light-sunset-automation" },
  ];
  return [...kinds, ...kinds].map((p, i) => ({ ...p, day: addDays(from, firstIndex + 7 * i) }));
}

export const SCENARIOS: Scenario[] = [
  // Clean homes: routines judged at the end, anomalies judged for the last eight weeks.
  { name: "A1", seed: 1, size: "small", from: "2026-01-12", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  { name: "A2", seed: 2, size: "default", from: "2026-03-02", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  { name: "A3", seed: 3, size: "default", from: "2026-08-10", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  { name: "A4", seed: 4, size: "large", from: "2026-04-20", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  { name: "A5", seed: 5, size: "small", from: "2026-10-05", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  { name: "A6", seed: 6, size: "large", from: "2026-06-01", days: 84, anomalies: "none", judgeAnomaliesFrom: 28 },
  // A year each, for the seasons.
  { name: "S1", seed: 7, size: "default", from: "2026-01-01", days: 365, anomalies: "none" },
  { name: "S2", seed: 8, size: "small", from: "2026-04-01", days: 365, anomalies: "none" },
  // Planted anomalies: every kind twice.
  {
    name: "P1",
    seed: 9,
    size: "default",
    from: "2026-02-02",
    days: 133,
    anomalies: plannedAnomalies("2026-02-02", 35),
    judgeAnomaliesFrom: 28,
  },
  {
    name: "P2",
    seed: 10,
    size: "small",
    from: "2026-09-07",
    days: 133,
    anomalies: plannedAnomalies("2026-09-07", 35),
    judgeAnomaliesFrom: 28,
  },
  {
    name: "P3",
    seed: 11,
    size: "large",
    from: "2026-05-04",
    days: 133,
    anomalies: plannedAnomalies("2026-05-04", 35),
    judgeAnomaliesFrom: 28,
  },
];

function main(): void {
  const started = Date.now();
  const only = process.argv.slice(2);
  const results: ScenarioResult[] = [];
  for (const sc of SCENARIOS) {
    if (only.length > 0 && !only.includes(sc.name)) continue;
    const r = runScenario(sc);
    process.stderr.write(
      `${sc.name}: ${r.events} events, ${r.catalog.length} patterns, ${r.anomalies.all.length} anomalies, ${(r.ms / 1000).toFixed(1)} s\n`,
    );
    results.push(r);
  }
  const markdown = evaluationMarkdown({
    results,
    detectors: detectorFigures(results, "catalog"),
    rawDetectors: detectorFigures(results, "raw"),
    load: loadFigures(results),
    clean: cleanAnomalyFigures(results),
    planted: plantedAnomalyFigures(results),
    totalMs: Date.now() - started,
    date: new Date().toISOString().slice(0, 10),
  });
  // A run over some homes only is a check, not the figures: it stays out of the repository.
  // EVAL_OUT lets two people check different things at once without writing over each other's report.
  const partial = process.env.EVAL_OUT ?? path.join(os.tmpdir(), "EVALUATION.partial.md");
  const file = only.length > 0 ? partial : path.join(packageRoot(), "EVALUATION.md");
  // The real homes' and the predictions' sections are written by their own scripts: keep them.
  let whole = markdown;
  for (const name of ["eval:real", "eval:predict"]) {
    const kept = markedSectionOf(file, name);
    if (kept) whole = withMarkedSection(whole, name, kept);
  }
  writeFileSync(file, whole);
  process.stderr.write(`wrote ${file}\n`);
}

main();
