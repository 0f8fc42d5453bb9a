// What `home-patterns <command>` does, once main.ts has the process under the memory flags; the service commands stop cleanly on SIGTERM.

import type { DemoSettings } from "./app/build-sources.js";
import { packageVersion } from "./app/version.js";
import { type RunningApp, startApp } from "./app.js";
import { commandUsage, OFFLINE_COMMANDS, runCommand, USAGE, unknownCommand } from "./cli/commands.js";
import { readDemoFlags } from "./cli/demo-flags.js";
import { exitAfterOutput, stopWhenReaderCloses } from "./cli/exit-after-output.js";
import { parseArgs } from "./cli/parse-args.js";
import type { Config } from "./config/config.js";
import { loadConfig } from "./config/load-config.js";
import { systemClock } from "./core/clock.js";
import { ConfigError, DataDirInUseError, errorMessage } from "./core/errors.js";
import { createLogger, type LogLevel } from "./core/logger.js";

const SHUTDOWN_LIMIT_MS = 5_000;

async function main(argv: string[]): Promise<number> {
  const [command = "help", ...rest] = argv;
  if (command === "--version" || command === "-V") {
    if (rest.length > 0) return surplus(command, rest);
    process.stdout.write(`home-patterns ${packageVersion()}\n`);
    return 0;
  }
  if (command === "help" || command === "--help" || command === "-h") {
    // `help detect` is `detect --help`.
    const [about, ...more] = rest;
    if (more.length > 0) return surplus(`${command} ${about}`, more);
    if (about === undefined || about === "--help" || about === "-h") {
      process.stdout.write(USAGE);
      return 0;
    }
    if (about !== "run" && about !== "demo" && !(about in OFFLINE_COMMANDS)) {
      process.stderr.write(`${unknownCommand(about)}\n`);
      return 2;
    }
    process.stdout.write(`${commandUsage(about)}\n`);
    return 0;
  }
  if (command !== "run" && command !== "demo") {
    return runCommand(command, rest, { env: process.env, cwd: process.cwd(), clock: systemClock });
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${commandUsage(command)}\n`);
    return 0;
  }
  let demo: DemoSettings;
  let config: Config;
  try {
    const args = parseArgs(rest, ["time-zone", ...(command === "demo" ? ["seed", "speed", "history-days"] : [])], []);
    // The demo's options and the configuration are checked together: one start names every problem.
    const flags = readDemoFlags(args.flags);
    demo = flags.settings;
    const problems = [...flags.problems];
    let loaded: Config | undefined;
    try {
      loaded = loadConfig({
        env: process.env,
        command,
        cwd: process.cwd(),
        timeZone: typeof args.flags["time-zone"] === "string" ? args.flags["time-zone"] : undefined,
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
    if (problems.length > 0 || !loaded) throw new ConfigError(problems);
    config = loaded;
  } catch (err) {
    process.stderr.write(`home-patterns cannot start.\n${errorMessage(err)}\n`);
    return 2;
  }
  const level: LogLevel = config.options.log_level === "warning" ? "warn" : config.options.log_level;
  const logger = createLogger(level);
  let app: RunningApp;
  try {
    app = await startApp(config, {
      clock: systemClock,
      logger,
      demo,
      recorderDb: process.env.HA_RECORDER_DB,
    });
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    process.stderr.write(`home-patterns cannot start.\n${err.message}\n`);
    return 1;
  }
  logger.info(`Home Patterns is running: panel and API on ${app.url}`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: flushing and stopping`);
      // A hung dependency must not turn a clean stop into a SIGKILL from the Supervisor.
      const limit = setTimeout(() => {
        logger.error("shutdown took too long; exiting anyway");
        resolve(1);
      }, SHUTDOWN_LIMIT_MS);
      app
        .stop()
        .then(() => resolve(0))
        .catch((err) => {
          logger.error("shutdown failed", { error: errorMessage(err) });
          resolve(1);
        })
        .finally(() => clearTimeout(limit));
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}

/** `--version extra`: what follows a word that takes nothing more is refused, not ignored. */
function surplus(after: string, args: readonly string[]): number {
  process.stderr.write(
    `home-patterns: unexpected argument${args.length === 1 ? "" : "s"} after ${after}: ${args.join(", ")}\n`,
  );
  return 2;
}

/** Runs the command line main.ts put in order (commandFirst), then exits with its code. */
export function runCommandLine(argv: string[]): void {
  stopWhenReaderCloses();
  main(argv).then(
    (code) => exitAfterOutput(code),
    (err) => {
      process.stderr.write(
        `home-patterns failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      return exitAfterOutput(1);
    },
  );
}
