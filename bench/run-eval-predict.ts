// `npm run eval:predict [-- <datasets folder>]`: next-action predictions replayed day by day, against Home Assistant's counting.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { systemClock } from "../src/core/clock.js";
import { packageRoot } from "../src/core/package-root.js";
import { FOLLOW_PRIOR, LATE_PRIOR } from "../src/predict/next-action-predictor.js";
import { withMarkedSection } from "./eval/marked-section.js";
import { type ReplayHome, realHomes, simulatedHomes } from "./predict/predict-homes.js";
import { type PredictionRow, predictionsMarkdown, type Tuning } from "./predict/predictions-report.js";
import { DEFAULT_REPLAY, replayHome } from "./predict/replay.js";

const SIMULATED_DAYS = 56;

const FOLLOW_GRID = [3, 5, 8, 12];
const LATE_GRID = [4, 6, 9, 12];

/** Picks the smoothing weights by mean top-1 over the simulated homes, so the real ones stay unseen. */
function tuneOnSimulated(simulated: readonly ReplayHome[]): Tuning {
  const grid: Tuning["grid"] = [];
  for (const followPrior of FOLLOW_GRID)
    for (const latePrior of LATE_GRID) {
      const top1s = simulated.map(
        (h) => replayHome(h.days, h.time, h.areaOf, { ...DEFAULT_REPLAY, followPrior, latePrior }).ours.top1,
      );
      grid.push({ followPrior, latePrior, meanTop1: top1s.reduce((s, x) => s + x, 0) / top1s.length });
    }
  const best = grid.reduce((a, b) => (b.meanTop1 > a.meanTop1 ? b : a));
  const chosen = { followPrior: best.followPrior, latePrior: best.latePrior };
  process.stdout.write(`tuned on the simulated homes: (${chosen.followPrior}, ${chosen.latePrior})\n`);
  return { grid, chosen, defaults: { followPrior: FOLLOW_PRIOR, latePrior: LATE_PRIOR } };
}

function main(): number {
  const folder = process.argv[2];
  const today = new Date(systemClock.now()).toISOString().slice(0, 10);
  const homes: ReplayHome[] = [...simulatedHomes(SIMULATED_DAYS), ...(folder ? realHomes(folder, today) : [])];
  const tuning = tuneOnSimulated(homes.filter((h) => h.kind === "simulated"));
  const rows: PredictionRow[] = [];
  for (const home of homes) {
    const started = performance.now();
    const result = replayHome(home.days, home.time, home.areaOf, { ...DEFAULT_REPLAY, ...tuning.chosen });
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
  writeFileSync(
    file,
    withMarkedSection(current, "eval:predict", predictionsMarkdown(rows, { date: today, folder, tuning })),
  );
  process.stdout.write(`written to ${file}\n`);
  return 0;
}

process.exitCode = main();
