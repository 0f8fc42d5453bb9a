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

export function predictionsMarkdown(rows: readonly PredictionRow[], meta: { date: string; folder?: string }): string {
  const lines: string[] = [];
  lines.push("## Next actions: what a person will operate next (`npm run eval:predict`)");
  lines.push("");
  lines.push(
    `Measured ${meta.date}. Each home is replayed day by day: after a 7-day warm-up, every manual action ` +
      "(a change a person made to something they operate, or a door, cupboard, bed or seat sensor going " +
      "active; no automation, no motion sensor) is predicted from the 30 days before its day, the hour, " +
      "the action before it (within 10 minutes) and presence; a hit at k means the entity was among the " +
      "first k. Both baselines read the same 30 days and the same actions: Home Assistant's common " +
      "controls (counts per fixed part of the day: morning 6–12, afternoon 12–18, evening 18–22, night " +
      "22–6; top 8) and plain frequency. Home Assistant itself counts only service calls a user made in " +
      "the app, so it would see none of the physical actions: counting them all is generous to it.",
  );
  lines.push("");
  lines.push(
    "| home | actions (days) | ours top-1 / 3 / 8 % | Home Assistant's counting % | frequency % | top-8 gain over HA | after another action: top-1 % | first of a chain: top-1 % |",
  );
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const x = r.result;
    const gain = (x.ours.top8 - x.homeAssistant.top8) * 100;
    lines.push(
      `| ${r.name} (${r.kind}) | ${x.actions} (${x.days}) | ${trio(x.ours)} | ${trio(x.homeAssistant)} | ${trio(x.frequency)} | ` +
        `${gain >= 0 ? "+" : ""}${gain.toFixed(1)} | ${pct(x.followers.top1)} of ${x.followers.actions} | ` +
        `${pct(x.firstOfChain.top1)} of ${x.firstOfChain.actions} |`,
    );
  }
  lines.push("");
  lines.push("Goals:");
  for (const r of rows) {
    const x = r.result;
    const gain = (x.ours.top8 - x.homeAssistant.top8) * 100;
    const parts = [
      `top-8 gain ${gain.toFixed(1)} points (goal ≥ ${TOP8_GAIN_GOAL}): ${gain >= TOP8_GAIN_GOAL ? "met" : "missed"}`,
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
      `- ${r.name}: ${x.lostToHa} actions (${pct(x.actions ? x.lostToHa / x.actions : 0)} %) were in Home Assistant's top 8 ` +
        `and not in ours; top-1 is ${pct(x.followers.top1)} % right after another action and ${pct(x.firstOfChain.top1)} % ` +
        "for the first action of a chain, which only the hour and presence can predict.",
    );
  }
  return lines.join("\n");
}
