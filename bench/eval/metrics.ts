// The evaluation's figures from scenario results: recall and precision per detector, load per entity, anomalies.
import { DETECTOR_FACTORIES } from "../../src/detectors/registry.js";
import type { Anomaly, Finding } from "../../src/patterns/finding.js";
import { PATTERN_TYPES, type PatternType } from "../../src/patterns/finding.js";
import { explains, found } from "./anomaly-matching.js";
import { applicable, describes, routinesFor, verdict } from "./routine-matching.js";
import type { ScenarioResult } from "./scenario.js";
import type { PlantedAnomaly } from "./truth/ground-truth.js";

export interface DetectorFigures {
  type: PatternType;
  /** Planted as this type: instances (routine × home) that could show in the window, and found among them. */
  primary: { planted: number; found: number; missed: string[] };
  /** Planted as another type but listed as detectable by this one. */
  also: { planted: number; found: number };
  /** Findings in the catalog a user sees, and how they judge against the planted truth. */
  findings: number;
  matched: number;
  incidental: number;
  falseOnes: string[];
}

export function detectorFigures(results: ScenarioResult[], source: "catalog" | "raw"): DetectorFigures[] {
  // The simulated homes run no automations: nothing to judge for automation_quiet.
  return PATTERN_TYPES.filter((type) => type !== "automation_quiet").map((type) => {
    const windowDays = DETECTOR_FACTORIES[type]({}).windowDays;
    const fig: DetectorFigures = {
      type,
      primary: { planted: 0, found: 0, missed: [] },
      also: { planted: 0, found: 0 },
      findings: 0,
      matched: 0,
      incidental: 0,
      falseOnes: [],
    };
    for (const r of results) {
      const findings: Finding[] = (source === "catalog" ? r.catalog : r.raw).filter((f) => f.type === type);
      const window = r.days.slice(-windowDays);
      for (const routine of routinesFor(r.truth, type, false)) {
        if (!applicable(routine, type, window, r.reached)) continue;
        const hit = findings.some((f) => describes(f, routine));
        const bucket = routine.type === type ? fig.primary : fig.also;
        bucket.planted += 1;
        if (hit) bucket.found += 1;
        else if (routine.type === type) fig.primary.missed.push(`${r.scenario.name}: ${routine.id}`);
      }
      for (const f of findings) {
        fig.findings += 1;
        const v = verdict(f, r.truth, r.rooms);
        if (v.kind === "match" || v.kind === "holds") fig.matched += 1;
        else if (v.kind === "incidental") fig.incidental += 1;
        else fig.falseOnes.push(`${r.scenario.name}: ${f.summary}`);
      }
    }
    return fig;
  });
}

export interface LoadFigures {
  name: string;
  findings: number;
  activeEntities: number;
  perActiveEntity: number;
  /** The most findings any one entity appears in. */
  maxOnOneEntity: number;
  /** The most habits (findings no automation performs) any one entity appears in: what max_patterns_per_entity caps. */
  maxHabitsOnOneEntity: number;
}

export function loadFigures(results: ScenarioResult[]): LoadFigures[] {
  return results.map((r) => {
    const perEntity = new Map<string, number>();
    const habitsPerEntity = new Map<string, number>();
    for (const f of r.catalog) {
      for (const e of f.entities) {
        perEntity.set(e, (perEntity.get(e) ?? 0) + 1);
        if (!f.automated) habitsPerEntity.set(e, (habitsPerEntity.get(e) ?? 0) + 1);
      }
    }
    return {
      name: r.scenario.name,
      findings: r.catalog.length,
      activeEntities: r.activeEntities.size,
      perActiveEntity: r.catalog.length / Math.max(1, r.activeEntities.size),
      maxOnOneEntity: Math.max(0, ...perEntity.values()),
      maxHabitsOnOneEntity: Math.max(0, ...habitsPerEntity.values()),
    };
  });
}

export interface CleanAnomalyFigures {
  name: string;
  weeks: number;
  raised: number;
  online: number;
  nightly: number;
  perWeek: number;
  list: string[];
}

/** Every anomaly raised on a home with nothing planted is a false one. */
export function cleanAnomalyFigures(results: ScenarioResult[]): CleanAnomalyFigures[] {
  return results
    .filter((r) => r.scenario.anomalies === "none" && r.anomalies.judgedDays > 0)
    .map((r) => {
      const weeks = r.anomalies.judgedDays / 7;
      return {
        name: r.scenario.name,
        weeks,
        raised: r.anomalies.all.length,
        online: r.anomalies.online.length,
        nightly: r.anomalies.nightly.length,
        perWeek: r.anomalies.all.length / weeks,
        list: r.anomalies.all.map((a) => `${r.scenario.name}: [${a.severity}] ${a.summary}`),
      };
    });
}

export interface PlantedAnomalyFigures {
  byKind: Map<string, { planted: number; found: number; foundOnline: number }>;
  missed: string[];
  /** Raised anomalies no planted one explains, per judged week, on the homes with planted anomalies. */
  unexplained: string[];
  weeks: number;
}

export function plantedAnomalyFigures(results: ScenarioResult[]): PlantedAnomalyFigures {
  const out: PlantedAnomalyFigures = { byKind: new Map(), missed: [], unexplained: [], weeks: 0 };
  for (const r of results) {
    if (r.scenario.anomalies === "none" || r.anomalies.judgedDays === 0) continue;
    const firstJudged = r.days[r.scenario.judgeAnomaliesFrom ?? 0];
    const planted: PlantedAnomaly[] = r.truth.anomalies.filter((p) => p.day >= firstJudged);
    out.weeks += r.anomalies.judgedDays / 7;
    for (const p of planted) {
      const entry = out.byKind.get(p.kind) ?? { planted: 0, found: 0, foundOnline: 0 };
      entry.planted += 1;
      const hit = found(p, r.anomalies.all, r.time);
      if (hit) entry.found += 1;
      else out.missed.push(`${r.scenario.name}: ${p.kind} on ${p.day} (${p.description})`);
      if (found(p, r.anomalies.online, r.time)) entry.foundOnline += 1;
      out.byKind.set(p.kind, entry);
    }
    for (const a of r.anomalies.all) {
      if (!planted.some((p) => explains(p, a as Anomaly, r.time)))
        out.unexplained.push(`${r.scenario.name}: [${a.severity}] ${a.summary}`);
    }
  }
  return out;
}
