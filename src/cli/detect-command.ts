// `home-patterns detect [--json] [--all] [--to YYYY-MM-DD]`: runs the detectors over the stored L2/L3 and prints the catalog.

import { SqliteAutomationRunStore } from "../automations/automation-run-days.js";
import { automationSwitchedOff } from "../automations/automation-switched-off.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { addDays, LocalTime, parseDay } from "../core/local-time.js";
import { createLogger, type Logger } from "../core/logger.js";
import { counted } from "../core/plural.js";
import type { Detector } from "../detectors/detector.js";
import { DetectorRunner, type RunReport } from "../detectors/detector-runner.js";
import { deviceProblems } from "../detectors/device-health.js";
import { catalogSettings, createDetectors, detectorSettings } from "../detectors/registry.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import { lastDayWithEvents } from "../layers/last-day-with-events.js";
import { StoredWindowReader } from "../layers/stored-window-reader.js";
import { AnomalyLog } from "../patterns/anomaly-log.js";
import type { PatternType } from "../patterns/finding.js";
import { PatternCatalog } from "../patterns/pattern-catalog.js";
import { PATTERN_STATUSES, type PatternStore, type StoredPattern } from "../patterns/pattern-store.js";
import { SqlitePatternStore } from "../patterns/sqlite-pattern-store.js";
import type { AuditLog } from "../storage/audit-log.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { SqliteAggregateStore } from "../storage/sqlite/sqlite-aggregate-store.js";
import { SqliteAuditLog } from "../storage/sqlite/sqlite-audit-log.js";
import { openSqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext, OfflineCommand } from "./commands.js";
import { offlineTimeZone } from "./offline-time-zone.js";
import type { ParsedArgs } from "./parse-args.js";

export interface DetectCommandDeps {
  reader: WindowReader;
  store: PatternStore;
  /** On the store's database: the anomaly log records feedback in its transactions. */
  audit: AuditLog;
  registry: RegistryStore;
  detectors: readonly Detector[];
  settings: (type: PatternType) => Record<string, unknown>;
  catalog: PatternCatalog;
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  /** The newest rolled-up day up to `upTo` that holds any event, or null. */
  lastDayWithData?: (upTo: string) => string | null;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What is wrong with `--to`, or undefined when it is absent or a day of the calendar. */
function badTo(args: ParsedArgs): string | undefined {
  const to = args.flags.to;
  if (to === undefined) return undefined;
  try {
    parseDay(String(to));
    return undefined;
  } catch {
    return `--to must be a day YYYY-MM-DD of the calendar, got ${String(to)}`;
  }
}

export function runDetectCommand(args: ParsedArgs, deps: DetectCommandDeps): number {
  const to = args.flags.to;
  const problem = badTo(args);
  if (problem) {
    deps.err(problem);
    return 2;
  }
  const runner = new DetectorRunner({
    detectors: deps.detectors,
    reader: deps.reader,
    catalog: deps.catalog,
    anomalies: new AnomalyLog(deps.store, deps.clock, deps.audit),
    registry: deps.registry,
    time: deps.time,
    clock: deps.clock,
    logger: deps.logger,
    settings: deps.settings,
  });
  const judged = to === undefined ? historyEnd(deps) : String(to);
  const report = runner.run(judged === undefined ? {} : { to: judged });
  const patterns = deps.catalog.list(args.flags.all === true ? { statuses: PATTERN_STATUSES } : {});
  const devices = deviceProblems(deps.reader, deps.registry, report.to);
  if (args.flags.json === true) {
    deps.out(
      JSON.stringify(
        {
          to: report.to,
          historyEnds: to === undefined && judged !== undefined,
          detectors: report.detectors,
          catalog: summary(report),
          anomalies: report.anomalies,
          deviceHealth: devices,
          patterns,
        },
        null,
        2,
      ),
    );
  } else {
    if (to === undefined && judged !== undefined)
      deps.out(`History ends on ${judged}: judging the window that ends on that day (--to chooses another).`);
    for (const line of table(report, patterns)) deps.out(line);
    if (devices.length > 0) {
      deps.out("");
      deps.out("Device health (not habits: check these devices' batteries, range or power):");
      for (const d of devices) deps.out(`  ${d.summary}`);
    }
  }
  return report.detectors.some((d) => d.error) ? 1 : 0;
}

/**
 * Imported history that stops before yesterday: the days after it hold nothing, so the window
 * ends on the last day with events instead (undefined: yesterday, as the nightly run judges).
 */
function historyEnd(deps: DetectCommandDeps): string | undefined {
  const yesterday = addDays(deps.time.dayOf(deps.clock.now()), -1);
  const last = deps.lastDayWithData?.(yesterday) ?? null;
  return last !== null && last < yesterday ? last : undefined;
}

function summary(report: RunReport) {
  const { added, updated, staled, removed, active } = report.catalog;
  return { added, updated, staled, removed, active };
}

/** A readable listing: what ran, then one line per pattern, most useful first, in aligned columns. */
export function table(report: RunReport, patterns: StoredPattern[]): string[] {
  const lines: string[] = [];
  const covered = report.detectors.length === 0 ? "no detector is switched on" : `window ending ${report.to}`;
  lines.push(`Detection over the ${covered}:`);
  const detectorWidth = Math.max(0, ...report.detectors.map((d) => d.type.length));
  for (const d of report.detectors) {
    lines.push(
      `  ${d.type.padEnd(detectorWidth)}  ${d.from} → ${d.to}  ${d.error ? `FAILED: ${d.error}` : counted(d.findings, "finding")}`,
    );
  }
  const c = report.catalog;
  lines.push(
    `Catalog: ${c.active} shown; this run added ${c.added}, updated ${c.updated}, marked ${c.staled} stale, removed ${c.removed}.`,
  );
  if (report.anomalies.length > 0) lines.push(`New anomalies: ${report.anomalies.length}`);
  for (const a of report.anomalies) lines.push(`  [${a.severity}] ${a.summary}`);
  if (patterns.length === 0) {
    lines.push(
      "No patterns yet: the detectors need rolled-up days (run `home-patterns rollup`; a week or more of history).",
    );
    return lines;
  }
  lines.push("");
  const rows = patterns.map((p) => [
    String(p.id),
    p.type,
    p.status,
    p.confidence.toFixed(2),
    `${p.support}/${p.opportunities}`,
    p.summary,
  ]);
  const header = ["id", "type", "status", "confidence", "support", "summary"];
  // Numbers right-aligned, words left-aligned; each column as wide as its widest cell.
  const right = [true, false, false, true, true, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((v, i) => (i === cells.length - 1 ? v : right[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ");
  lines.push(line(header));
  for (const r of rows) lines.push(line(r));
  return lines;
}

/** The entry OFFLINE_COMMANDS registers as `detect`: opens the data dir, runs, closes. */
export const detectOfflineCommand: OfflineCommand = {
  valued: ["to"],
  switches: ["json", "all"],
  writes: true,
  check: badTo,
  run: (args, config, ctx) => {
    // Checked before the data dir is opened: a typo must not migrate or touch the database.
    const problem = badTo(args);
    if (problem) {
      ctx.err(problem);
      return 2;
    }
    return withDetectDeps(config, ctx, (deps) => runDetectCommand(args, deps));
  },
};

function withDetectDeps(
  config: Config,
  ctx: Required<CommandContext>,
  fn: (deps: DetectCommandDeps) => number,
): number {
  const logger = createLogger(config.options.log_level === "warning" ? "warn" : config.options.log_level, ctx.err);
  const stores = openSqliteStores({
    dataDir: config.dataDir,
    logger: logger.child("storage"),
    now: () => ctx.clock.now(),
  });
  try {
    const store = new SqlitePatternStore(stores.db);
    const audit = new SqliteAuditLog(stores.db);
    const time = new LocalTime(offlineTimeZone(config, stores.cursors));
    const aggregates = new SqliteAggregateStore(stores.db);
    return fn({
      reader: new StoredWindowReader(aggregates),
      lastDayWithData: (upTo) => lastDayWithEvents(aggregates, upTo),
      store,
      audit,
      registry: stores.registry,
      // The runs heard while the service ran: without them every quiet automation would go stale.
      detectors: createDetectors(config.options, {
        automationRuns: new SqliteAutomationRunStore(stores.db),
        automationOff: automationSwitchedOff(stores.events),
      }),
      settings: detectorSettings(config.options),
      catalog: new PatternCatalog(store, ctx.clock, audit, catalogSettings(config.options)),
      time,
      clock: ctx.clock,
      logger: logger.child("detect"),
      out: ctx.out,
      err: ctx.err,
    });
  } finally {
    stores.close();
  }
}
