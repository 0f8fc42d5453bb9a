// `npm run eval:real -- <datasets folder>`: the detectors on real annotated homes, into EVALUATION.md.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemClock } from "../src/core/clock.js";
import { LocalTime } from "../src/core/local-time.js";
import { packageRoot } from "../src/core/package-root.js";
import { withMarkedSection } from "./eval/marked-section.js";
import { checkClaims } from "./real/claim-check.js";
import { loadRealHomes } from "./real/datasets.js";
import { namedBehaviours } from "./real/named-behaviours.js";
import { runRealHome } from "./real/real-pipeline.js";
import { type HomeResult, realHomesMarkdown } from "./real/real-report.js";
import { areaId, matchRoutines } from "./real/routine-matching.js";
import { homeRoutines } from "./real/routine-truth.js";

async function main(): Promise<number> {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write("usage: npm run eval:real -- <datasets folder> (../shared/datasets)\n");
    return 2;
  }
  const results: HomeResult[] = [];
  for (const home of loadRealHomes(folder)) {
    // The truth is taken from the labels before the detectors run.
    const routines = homeRoutines(home);
    const run = await runRealHome(home, systemClock);
    const patterns = run.detect.patterns;
    const areas = new Map(run.exported.entities.map((e) => [e.entityId, areaId(e.area)]));
    const claims = checkClaims(patterns, {
      time: new LocalTime(home.timeZone),
      changes: run.exported.changes,
      areaOf: (entity) => areas.get(entity) ?? "",
      windows: new Map(run.detect.detectors.map((d) => [d.type, { from: d.from, to: d.to }])),
    });
    const perEntity = new Map<string, number>();
    for (const p of patterns) for (const e of p.entities) perEntity.set(e, (perEntity.get(e) ?? 0) + 1);
    const result: HomeResult = {
      home,
      run,
      routines: matchRoutines(routines, patterns),
      claims,
      activeEntities: new Set(run.exported.changes.map((c) => c.entity)).size,
      mostOnOneEntity: Math.max(0, ...perEntity.values()),
      named: namedBehaviours(home, run.exported.entities, patterns, (p) =>
        claims.some((c) => c.pattern.id === p.id && c.holds),
      ),
    };
    results.push(result);
    const found = result.routines.filter((r) => r.by.length > 0).length;
    process.stdout.write(
      `${home.name}: routines ${found}/${routines.length}, claims ${claims.filter((c) => c.holds).length}/${claims.length}, ` +
        `named ${result.named.map((n) => `${n.behaviour}: ${n.notApplicable ? "n/a" : n.by.length > 0 ? "found" : "missed"}`).join(", ")}, ` +
        `${(run.seconds.import + run.seconds.rollup + run.seconds.detect).toFixed(1)} s\n`,
    );
  }
  const markdown = realHomesMarkdown(results, {
    date: new Date(systemClock.now()).toISOString().slice(0, 10),
    machine: `${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "unknown CPU"}, Node ${process.version}`,
  });
  const file = process.env.EVAL_REAL_OUT ?? path.join(packageRoot(), "EVALUATION.md");
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = "# Evaluation\n";
  }
  writeFileSync(file, withMarkedSection(current, "eval:real", markdown));
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
