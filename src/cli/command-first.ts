// Puts the options every command takes (--time-zone) after the command when they were typed before it.

/** What every command takes, with a value: `home-patterns --time-zone Europe/Berlin detect`. */
const GLOBAL_VALUED = ["time-zone"];
/** What main answers itself when it comes first. */
const ANSWERED_FIRST = ["--version", "-V", "--help", "-h"];

/**
 * The command line with the command first. A global option before the command moves after it,
 * where each command's strict parser reads it; any other option before the command is an error
 * that says where it goes, rather than "unknown command: --dry-run".
 */
export function commandFirst(argv: readonly string[]): string[] {
  const moved: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith("-") && !ANSWERED_FIRST.includes(argv[i])) {
    const arg = argv[i];
    const name = arg.replace(/^--?/, "").split("=")[0];
    if (!GLOBAL_VALUED.includes(name)) {
      throw new Error(
        `${arg} goes after the command: home-patterns <command> ${arg}; only --time-zone may come before it`,
      );
    }
    if (arg.includes("=")) {
      moved.push(arg);
      i++;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("-")) throw new Error(`--${name} needs a value`);
    moved.push(arg, value);
    i += 2;
  }
  if (moved.length === 0) return [...argv];
  const [command, ...rest] = argv.slice(i);
  return command === undefined ? [...moved] : [command, ...moved, ...rest];
}
