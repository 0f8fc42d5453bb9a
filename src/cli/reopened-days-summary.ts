// The import summary's lines about archived days an import reopened, in the style of the other summary lines.
import { addDays } from "../core/local-time.js";
import type { ReopenReport } from "./reopen-archived-days.js";

export function describeReopened(report: ReopenReport): string[] {
  const lines: string[] = [];
  const days = report.reopened.map((r) => r.day);
  if (days.length > 0) {
    const archived = report.reopened.reduce((n, r) => n + r.archived, 0);
    const following =
      report.following.length > 0
        ? `; ${dayList(report.following)} rolled up again for the states carried into them`
        : "";
    lines.push(
      `${days.length} archived ${days.length === 1 ? "day" : "days"} reopened: ${dayList(days)} (merged with ${archived} archived events${following})`,
    );
  }
  for (const n of report.notReopened) {
    lines.push(`  ${n.day} not reopened, ${n.reason}: its new events are not kept, its aggregates stay as they were`);
  }
  return lines;
}

/** "2026-11-01 to 2026-11-05, 2026-11-09": runs of three days or more as a range. */
export function dayList(days: readonly string[]): string {
  const sorted = [...days].sort();
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === addDays(sorted[j], 1)) j++;
    if (j - i >= 2) parts.push(`${sorted[i]} to ${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(sorted[k]);
    i = j + 1;
  }
  return parts.join(", ");
}
