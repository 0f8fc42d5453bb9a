// A small, strict argument parser: --flag, --key value, --key=value and positionals.

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** The arguments that are not options a command takes: how many, and what they are in words. */
export interface PositionalArgs {
  max: number;
  /** "import takes one file, database or URL"; without it the options the command takes are named. */
  takes?: string;
}

/**
 * `valued` flags take a value; with `switches` given, the parser is strict: any other flag is an
 * error that names it, so a mistyped option is never silently ignored, and so are an option given
 * twice and more arguments than `positionals` allows (none unless said).
 */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[] = [],
  switches?: readonly string[],
  positionalArgs: PositionalArgs = { max: 0 },
): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      // The second would silently win (or, for a switch, be the same): either way one was not meant.
      if (switches && name in flags) throw new Error(`--${name} is given twice: give each option once`);
      if (eq > 0) {
        // "--to=" is no more a value than "--to" at the end.
        if (eq === arg.length - 1 && valued.includes(name)) throw new Error(`--${name} needs a value`);
        flags[name] = arg.slice(eq + 1);
      } else if (valued.includes(name)) {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
        flags[name] = value;
        i++;
      } else flags[name] = true;
    } else positionals.push(arg);
  }
  if (switches) {
    const known = new Set([...valued, ...switches, "help"]);
    const unknown = Object.keys(flags).filter((f) => !known.has(f));
    if (unknown.length > 0) {
      const takes = [...known].map((f) => `--${f}`).join(", ");
      throw new Error(
        `unknown option${unknown.length === 1 ? "" : "s"}: ${unknown.map((f) => `--${f}`).join(", ")} (this command takes ${takes})`,
      );
    }
    for (const s of switches) {
      if (typeof flags[s] === "string") throw new Error(`--${s} takes no value, got --${s}=${flags[s]}`);
    }
    if (positionals.length > positionalArgs.max) {
      const surplus = positionals.slice(positionalArgs.max);
      const takes = positionalArgs.takes ?? `this command takes ${[...known].map((f) => `--${f}`).join(", ")}`;
      throw new Error(`unexpected argument${surplus.length === 1 ? "" : "s"}: ${surplus.join(", ")} (${takes})`);
    }
  }
  return { positionals, flags };
}
