// `home-patterns analytics "<sql>" [--json]`: read-only SQL over the archive, L1 and the aggregates, printed as a table.

import { InputError } from "../core/errors.js";
import { counted } from "../core/plural.js";
import type { AnalyticsResult } from "../storage/duckdb/analytics-query.js";
import type { OfflineCommand } from "./commands.js";
import type { ParsedArgs } from "./parse-args.js";
import { withCommandLayers } from "./rollup-command.js";

export interface AnalyticsCommandDeps {
  analytics: { run(sql: string): Promise<AnalyticsResult>; views(): { name: string; description: string }[] };
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runAnalyticsCommand(args: ParsedArgs, deps: AnalyticsCommandDeps): Promise<number> {
  const sql = args.positionals.join(" ").trim();
  if (sql === "") {
    deps.err('analytics needs a query: home-patterns analytics "SELECT domain, count(*) FROM events GROUP BY 1"');
    deps.err("views:");
    for (const v of deps.analytics.views()) deps.err(`  ${v.name}: ${v.description}`);
    return 2;
  }
  let result: AnalyticsResult;
  try {
    result = await deps.analytics.run(sql);
  } catch (err) {
    if (err instanceof InputError) {
      deps.err(err.message);
      return 2;
    }
    throw err;
  }
  if (args.flags.json === true) {
    deps.out(JSON.stringify(result));
    return 0;
  }
  for (const line of formatTable(result)) deps.out(line);
  deps.err(
    `${counted(result.rows.length, "row")}${result.truncated ? " (cut at the row limit)" : ""} in ${result.durationMs} ms`,
  );
  return 0;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(result: Pick<AnalyticsResult, "columns" | "rows">): string[] {
  const cell = (v: unknown) =>
    v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v);
  const cells = result.rows.map((row) => row.map(cell));
  const widths = result.columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => r[i].length)));
  const numeric = result.columns.map(
    (_, i) => result.rows.length > 0 && result.rows.every((r) => typeof r[i] === "number"),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(result.columns.map((c) => c.name)), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}

/** The entry OFFLINE_COMMANDS registers as `analytics`. */
export const analyticsOfflineCommand: OfflineCommand = {
  valued: [],
  switches: ["json"],
  // The query, in as many words as the shell split it into.
  positionals: { max: Number.POSITIVE_INFINITY },
  run: (args, config, ctx) =>
    withCommandLayers(config, ctx, (layers) =>
      runAnalyticsCommand(args, { analytics: layers.analytics, out: ctx.out, err: ctx.err }),
    ),
};
