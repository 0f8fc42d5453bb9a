// Dispatches the command-line commands that work on the data dir rather than run the service.

import type { Config } from "../config/config.js";
import { loadConfig } from "../config/load-config.js";
import type { Clock } from "../core/clock.js";
import { ConfigError, DataDirInUseError, errorMessage, SERVICE_HOLDER } from "../core/errors.js";
import { analyticsOfflineCommand } from "./analytics-command.js";
import { detectOfflineCommand } from "./detect-command.js";
import { holdingDataDir } from "./hold-data-dir.js";
import { importArgsProblem, runImportCommand } from "./import-command.js";
import { migrateToProblem, runMigrateCommand } from "./migrate-command.js";
import { type ParsedArgs, type PositionalArgs, parseArgs } from "./parse-args.js";
import { exportOfflineCommand, forgetOfflineCommand } from "./privacy-commands.js";
import { rollupOfflineCommand } from "./rollup-command.js";

export const USAGE = `Usage: home-patterns <command> [options]

Commands:
  run                     run the service against Home Assistant (Supervisor, or HA_URL + HA_TOKEN)
  demo                    run the service on the simulated home (--seed N, --speed N, --history-days N)
  import --format ha-history-csv|jsonl <file> [--areas <map.json|csv>]
                          import Home Assistant's history download or state_changed JSONL
  import --format ha-recorder <home-assistant_v2.db | db_url> [--from-start]
                          import Home Assistant's recorder database: the SQLite file, or the
                          db_url of one on MariaDB/MySQL (mysql://user:password@host/db) or
                          PostgreSQL (postgresql://…); resumes where it stopped
  import --format influxdb <url> [--database home_assistant]
                          import what Home Assistant's influxdb integration wrote to InfluxDB 1.x
                          (INFLUXDB_USERNAME, INFLUXDB_PASSWORD from the environment)
  import --format influxdb2 <url> --org <org> [--bucket home_assistant]
                          import what Home Assistant's influxdb integration wrote to InfluxDB 2.x
                          (Flux; the token in INFLUXDB_TOKEN)
  import --format ltss <postgresql://...> [--table ltss]
                          import LTSS's table from PostgreSQL/TimescaleDB
  migrate [--dry-run] [--to <version>]
                          apply, preview or roll back database migrations
  rollup [--day YYYY-MM-DD[,YYYY-MM-DD...]] [--dry-run]
                          roll up every closed or dirty day now (--day: roll up those days again)
  detect [--json] [--all] [--to YYYY-MM-DD]
                          run the detectors and print the pattern catalog (--all: dismissed,
                          snoozed and stale patterns too; --to: the window's last day)
  analytics "<sql>" [--json]
                          read-only SQL over the DuckDB archive and the aggregates
  forget --entity <id> | --person <user id> --yes
                          remove everything stored about an entity or a person (stop the service first)
  export --entity <id> | --person <user id> [--out <file>]
                          write what is stored about an entity or a person as JSON

Every command: --help (or help <command>), --time-zone <IANA zone>; --version prints the version.
--time-zone may also come before the command; every other option goes after it.
Environment: DATA_DIR, PORT, HOST, API_TOKEN,
ALLOWED_HOSTS (other host names the panel may be opened by), HA_URL, HA_TOKEN, MQTT_URL,
MQTT_USERNAME, MQTT_PASSWORD, OPTIONS_FILE, TZ, HA_RECORDER_DB; PGPASSWORD for ltss.
`;

/** The lines of USAGE about one command, for `home-patterns <command> --help`. */
export function commandUsage(name: string): string {
  const lines = USAGE.split("\n");
  const picked: string[] = [];
  let inCommand = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inCommand = line.slice(2).split(" ")[0] === name;
    else if (!/^ {4,}\S/.test(line)) inCommand = false;
    if (inCommand) picked.push(line);
  }
  const tail = lines.slice(lines.findIndex((l) => l.startsWith("Every command:")));
  return `Usage:\n${picked.join("\n")}\n\n${tail.join("\n").trimEnd()}`;
}

export interface CommandContext {
  env: Record<string, string | undefined>;
  cwd: string;
  clock: Clock;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export interface OfflineCommand {
  /** Flags that take a value. */
  valued: string[];
  /** Flags without a value; any flag in neither list is refused. */
  switches: string[];
  /** The arguments besides options it takes; none when absent. */
  positionals?: PositionalArgs;
  /**
   * Writes to the data dir (with these arguments): holds it for as long as it runs, and is refused
   * while the service or another writing command holds it.
   */
  writes?: boolean | ((args: ParsedArgs) => boolean);
  /**
   * What is wrong with the arguments, told before the data dir is claimed: a typo is not first
   * answered with "stop the service", then refused once the user has stopped it.
   */
  check?: (args: ParsedArgs) => string | undefined;
  /**
   * `stop` (writing commands only) is aborted when the user asks the command to stop (Ctrl-C,
   * SIGTERM; its reason is the signal's name): it ends after its current step, saying what it kept.
   */
  run(args: ParsedArgs, config: Config, ctx: Required<CommandContext>, stop?: AbortSignal): Promise<number> | number;
}

/** Commands other features register; each runs on the data dir with a loaded config. */
export const OFFLINE_COMMANDS: Record<string, OfflineCommand> = {
  import: {
    valued: ["format", "areas", "database", "table", "org", "bucket", "token"],
    switches: ["from-start"],
    positionals: { max: 1, takes: "import takes one file, database or URL" },
    writes: true,
    check: importArgsProblem,
    run: runImportCommand,
  },
  rollup: rollupOfflineCommand,
  detect: detectOfflineCommand,
  analytics: analyticsOfflineCommand,
  forget: forgetOfflineCommand,
  export: exportOfflineCommand,
  migrate: {
    valued: ["to"],
    switches: ["dry-run"],
    writes: (args) => args.flags["dry-run"] !== true,
    check: migrateToProblem,
    run: (args, config, ctx) => runMigrateCommand(args, { dataDir: config.dataDir, out: ctx.out, err: ctx.err }),
  },
};

/** What a command name the command line does not know gets, with the whole usage after it. */
export function unknownCommand(name: string): string {
  return `unknown command: ${name}\n\n${USAGE}`;
}

export async function runCommand(name: string, argv: string[], context: CommandContext): Promise<number> {
  const ctx: Required<CommandContext> = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    ...context,
  };
  const command = OFFLINE_COMMANDS[name];
  if (!command) {
    ctx.err(unknownCommand(name));
    return 2;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    ctx.out(commandUsage(name));
    return 0;
  }
  let args: ParsedArgs;
  let config: Config;
  try {
    args = parseArgs(argv, ["time-zone", ...command.valued], command.switches, command.positionals);
    config = loadConfig({
      env: ctx.env,
      command: "offline",
      cwd: ctx.cwd,
      timeZone: typeof args.flags["time-zone"] === "string" ? args.flags["time-zone"] : undefined,
    });
  } catch (err) {
    ctx.err(err instanceof ConfigError ? err.message : errorMessage(err));
    return 2;
  }
  const problem = command.check?.(args);
  if (problem) {
    ctx.err(problem);
    return 2;
  }
  const writes = typeof command.writes === "function" ? command.writes(args) : command.writes === true;
  const run = async (stop?: AbortSignal) => command.run(args, config, ctx, stop);
  try {
    return await (writes ? holdingDataDir(config.dataDir, name, run) : run());
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      ctx.err(inUse(err, name));
      return 1;
    }
    ctx.err(`${name} failed: ${errorMessage(err)}`);
    return 1;
  }
}

function inUse(err: DataDirInUseError, name: string): string {
  const holder =
    err.holder === SERVICE_HOLDER
      ? `the Home Patterns service (process ${err.pid}) is running on ${err.dataDir}: stop it first`
      : `\`home-patterns ${err.holder}\` (process ${err.pid}) is writing to ${err.dataDir}: wait for it to end (or stop it)`;
  return `${holder}, then run ${name} again (two writers on one database could lose or mix up data)`;
}
