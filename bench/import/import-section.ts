// The import-memory section of BENCHMARKS.md: written by `npm run bench:import`, carried over by `npm run bench`.

const START = "<!-- import-memory";
const END = "<!-- /import-memory -->";

/** The section in a BENCHMARKS.md, or undefined. */
export function importSectionOf(benchmarks: string): string | undefined {
  const start = benchmarks.indexOf(START);
  const end = benchmarks.indexOf(END);
  return start >= 0 && end > start ? benchmarks.slice(start, end + END.length) : undefined;
}

/** Puts the section into BENCHMARKS.md, replacing an earlier one, or at the end. */
export function withImportSection(benchmarks: string, section: string): string {
  const old = importSectionOf(benchmarks);
  if (old) return benchmarks.replace(old, () => section);
  return `${benchmarks.trimEnd()}\n\n${section}\n`;
}
