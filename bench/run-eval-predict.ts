// `npm run eval:predict [-- <datasets folder>]`: next-action predictions replayed day by day, against Home Assistant's counting.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { systemClock } from "../src/core/clock.js";
import { packageRoot } from "../src/core/package-root.js";
import { withMarkedSection } from "./eval/marked-section.js";
import { type ReplayHome, realHomes, simulatedHomes } from "./predict/predict-homes.js";
import { type PredictionRow, predictionsMarkdown } from "./predict/predictions-report.js";
import { replayHome } from "./predict/replay.js";

const SIMULATED_DAYS = 56;

function main(): number {
  const folder = process.argv[2];
  const today = new Date(systemClock.now()).toISOString().slice(0, 10);
  const homes: ReplayHome[] = [...simulatedHomes(SIMULATED_DAYS), ...(folder ? realHomes(folder, today) : [])];
  const rows: PredictionRow[] = [];
  for (const home of homes) {
    const started = performance.now();
    const result = replayHome(home.days, home.time, home.areaOf);
    const seconds = (performance.now() - started) / 1000;
    rows.push({ name: home.name, kind: home.kind, result, seconds });
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    process.stdout.write(
      `${home.name}: ${result.actions} actions, top-1 ${pct(result.ours.top1)} top-8 ${pct(result.ours.top8)}; ` +
        `HA top-8 ${pct(result.homeAssistant.top8)}; ${seconds.toFixed(1)} s\n`,
    );
  }
  const file = process.env.EVAL_PREDICT_OUT ?? path.join(packageRoot(), "EVALUATION.md");
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = "# Evaluation\n";
  }
  writeFileSync(file, withMarkedSection(current, "eval:predict", predictionsMarkdown(rows, { date: today, folder })));
  process.stdout.write(`written to ${file}\n`);
  return 0;
}

process.exitCode = main();
