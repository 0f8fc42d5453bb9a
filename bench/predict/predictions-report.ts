// The next-action section of EVALUATION.md: hit rates per home beside Home Assistant's counting and plain frequency.
import type { ReplayResult } from "./replay.js";

export interface PredictionRow {
  name: string;
  kind: "simulated" | "real";
  result: ReplayResult;
  seconds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`;
const trio = (r: { top1: number; top3: number; top8: number }) => `${pct(r.top1)} / ${pct(r.top3)} / ${pct(r.top8)}`;

/** Top-8 at least this many points above Home Assistant's counting (issue 18). */
export const TOP8_GAIN_GOAL = 15;
/** Top-1 on the real homes. */
export const REAL_TOP1_GOAL = 0.4;

/** How the predictor's smoothing weights were chosen: a grid replayed on the simulated homes only. */
export interface Tuning {
  grid: { followPrior: number; latePrior: number; meanTop1: number }[];
  chosen: { followPrior: number; latePrior: number };
  defaults: { followPrior: number; latePrior: number };
}

export function predictionsMarkdown(
  rows: readonly PredictionRow[],
  meta: { date: string; folder?: string; tuning?: Tuning },
): string {
  const lines: string[] = [];
  lines.push("## Next actions: what a person will operate next (`npm run eval:predict`)");
  lines.push("");
  lines.push(
    `Measured ${meta.date}. Each home is replayed day by day: after a 7-day warm-up, every manual action ` +
      "(a change a person made to something they operate, or a door, cupboard, bed or seat sensor going " +
      "active; no automation, no motion sensor) is predicted from the 30 days before its day, the hour, " +
      "the action before it (what followed it within 10 minutes, or later within 12 hours, in this part " +
      "of the day; kept across midnight) and presence; a hit at k means the entity was among the first " +
      "k. The baselines read the same 30 days and are judged on the same actions: plain frequency, and " +
      "Home Assistant's common controls (`usage_prediction`: counts per fixed part of the day, morning " +
      "6–12, afternoon 12–18, evening 18–22, night 22–6; top 8; ties in the order first counted) in two " +
      "variants. *Faithful* counts what Home Assistant counts: service calls a user made through it " +
      "(context user set, no parent, one of its domains), here the changes such calls made. *Generous* " +
      "counts every manual action, wall switches and door sensors included, which carry no user and " +
      "which Home Assistant never sees; the real homes have only such actions, so the faithful variant " +
      "lists nothing there.",
  );
  if (meta.tuning) {
    const t = meta.tuning;
    const best = [...t.grid].sort((a, b) => b.meanTop1 - a.meanTop1).slice(0, 3);
    const same = t.chosen.followPrior === t.defaults.followPrior && t.chosen.latePrior === t.defaults.latePrior;
    lines.push("");
    lines.push(
      `Smoothing weights were tuned on the simulated homes only (never on the real ones): ${t.grid.length} ` +
        "pairs of (weight of the hour against what followed a quick action, the same for a late one), by " +
        `mean top-1; best: ${best.map((g) => `(${g.followPrior}, ${g.latePrior}) ${pct(g.meanTop1)} %`).join(", ")}. ` +
        `Every home is replayed with (${t.chosen.followPrior}, ${t.chosen.latePrior})` +
        (same
          ? ", the predictor's defaults."
          : `; the predictor's defaults are (${t.defaults.followPrior}, ${t.defaults.latePrior}): update them.`),
    );
  }
  lines.push("");
  lines.push(
    "| home | actions (days) | of them through HA by a user | ours top-1 / 3 / 8 % | HA counting, faithful % | HA counting, generous % | frequency % | top-8 gain over HA faithful / generous | after another action: top-1 % | first of a chain: top-1 % |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|");
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}`;
  for (const r of rows) {
    const x = r.result;
    const gain = (x.ours.top8 - x.homeAssistant.top8) * 100;
    const gainFaithful = (x.ours.top8 - x.homeAssistantFaithful.top8) * 100;
    lines.push(
      `| ${r.name} (${r.kind}) | ${x.actions} (${x.days}) | ${x.appActions} | ${trio(x.ours)} | ${trio(x.homeAssistantFaithful)} | ` +
        `${trio(x.homeAssistant)} | ${trio(x.frequency)} | ${signed(gainFaithful)} / ${signed(gain)} | ` +
        `${pct(x.followers.top1)} of ${x.followers.actions} | ${pct(x.firstOfChain.top1)} of ${x.firstOfChain.actions} |`,
    );
  }
  lines.push("");
  lines.push("Goals:");
  for (const r of rows) {
    const x = r.result;
    const gain = (x.ours.top8 - x.homeAssistant.top8) * 100;
    const gainFaithful = (x.ours.top8 - x.homeAssistantFaithful.top8) * 100;
    const verdict = (g: number) => (g >= TOP8_GAIN_GOAL ? "met" : "missed");
    const parts = [
      `top-8 gain over the faithful baseline ${gainFaithful.toFixed(1)} points (goal ≥ ${TOP8_GAIN_GOAL}): ${verdict(gainFaithful)}`,
      `over the generous one ${gain.toFixed(1)} points: ${verdict(gain)}` +
        (x.homeAssistant.top8 * 100 > 100 - TOP8_GAIN_GOAL
          ? ` (it reaches ${pct(x.homeAssistant.top8)} %, so no list can be ${TOP8_GAIN_GOAL} points above it)`
          : ""),
    ];
    if (r.kind === "real")
      parts.push(
        `top-1 ${pct(x.ours.top1)} % (goal ≥ ${REAL_TOP1_GOAL * 100} %): ${x.ours.top1 >= REAL_TOP1_GOAL ? "met" : "missed"}`,
      );
    lines.push(`- ${r.name}: ${parts.join("; ")}.`);
  }
  if (!rows.some((r) => r.kind === "real"))
    lines.push(
      "- The real homes were not replayed: give the datasets folder (`npm run eval:predict -- ../shared/datasets`).",
    );
  lines.push("");
  lines.push("Where it loses:");
  for (const r of rows) {
    const x = r.result;
    lines.push(
      `- ${r.name}: ${x.lostToHa} actions (${pct(x.actions ? x.lostToHa / x.actions : 0)} %) were in the generous baseline's top 8 ` +
        `and not in ours; top-1 is ${pct(x.followers.top1)} % right after another action and ${pct(x.firstOfChain.top1)} % ` +
        "for the first action of a chain, which only the hour, presence and a late follow can predict.",
    );
  }
  return lines.join("\n");
}
