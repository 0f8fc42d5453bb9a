// The service's memory flags, and whether a command line has to be started again to run under them.

/**
 * What addon/run.sh, the systemd unit and `npm start` give the service: a small young generation
 * and a capped old one make V8 collect before it grows (BENCHMARKS.md).
 */
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=192"] as const;
/** Two malloc arenas instead of one per thread; glibc reads it at start, so only a new process gets it. */
export const SERVICE_MALLOC_ARENA_MAX = "2";

export interface RelaunchPlan {
  /** Node's own flags for the child: the parent's, then the service's. */
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Null when the process already runs as it should: a heap limit was given (by our launchers, or
 * on purpose by whoever started it: theirs is kept), or the command is `run` or `demo`, whose
 * launchers all pass the flags and whose process a supervisor must be able to signal and kill
 * directly. Otherwise the plan for a child that runs the same command under the service's flags.
 */
export function memoryRelaunch(
  argv: readonly string[],
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
): RelaunchPlan | null {
  const command = argv[0];
  if (command === "run" || command === "demo") return null;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].map(flagName);
  if (given.includes("--max-old-space-size")) return null;
  const missing = SERVICE_NODE_FLAGS.filter((f) => !given.includes(flagName(f)));
  return {
    execArgv: [...execArgv, ...missing],
    env: { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? SERVICE_MALLOC_ARENA_MAX },
  };
}

/** `--max_old_space_size=64` and `--max-old-space-size 64` name the same V8 flag. */
function flagName(flag: string): string {
  return flag.split("=")[0].replaceAll("_", "-");
}
