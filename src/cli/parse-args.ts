// A small, strict argument parser: --flag, --key value, --key=value and positionals.

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/**
 * `valued` flags take a value; with `switches` given, the parser is strict: any other flag is an
 * error that names it, so a mistyped option is never silently ignored.
 */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[] = [],
  switches?: readonly string[],
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
      if (eq > 0) flags[name] = arg.slice(eq + 1);
      else if (valued.includes(name)) {
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
  }
  return { positionals, flags };
}
