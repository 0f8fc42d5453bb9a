// README's command table and the usage text name every command and every option the code takes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OFFLINE_COMMANDS, USAGE } from "../../src/cli/commands.js";
import { PATTERN_TYPES } from "../../src/patterns/finding.js";

const README = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
/** The first cell of each row of the command table, by command. */
function readmeRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of README.split("\n")) {
    const m = /^\| `([a-z]+)([^|]*(?:\\\|[^|]*)*)` +\|/.exec(line);
    if (m) rows.set(m[1], `${rows.get(m[1]) ?? ""} ${m[2]}`);
  }
  return rows;
}
// --token is accepted only to be refused: the token belongs in INFLUXDB_TOKEN.
const UNDOCUMENTED = new Set(["token"]);

describe("README's command table", () => {
  it("lists every command with every option it takes, and no other", () => {
    const rows = readmeRows();
    expect([...rows.keys()].sort()).toEqual([...Object.keys(OFFLINE_COMMANDS), "run", "demo"].sort());
    for (const [name, command] of Object.entries(OFFLINE_COMMANDS)) {
      const flags = [...command.valued, ...command.switches].filter((f) => !UNDOCUMENTED.has(f));
      const documented = [...(rows.get(name) ?? "").matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
      for (const flag of flags) {
        if (["database", "table", "org", "bucket"].includes(flag)) continue; // in DOCS.md's import section
        expect(documented, `${name} --${flag}`).toContain(flag);
      }
      for (const flag of documented) expect(flags, `${name} --${flag}`).toContain(flag);
    }
    expect(rows.get("demo")).toContain("--history-days");
  });

  it("the usage names every option of every command and ALLOWED_HOSTS", () => {
    for (const [name, command] of Object.entries(OFFLINE_COMMANDS)) {
      for (const flag of [...command.valued, ...command.switches].filter((f) => !UNDOCUMENTED.has(f)))
        expect(USAGE, `${name} --${flag}`).toContain(`--${flag}`);
    }
    expect(USAGE).toContain("ALLOWED_HOSTS");
  });
});

describe("README's summary", () => {
  it("counts and names as many detectors as the service runs", () => {
    const words = ["ten", "eleven", "twelve", "thirteen"];
    const m = /- (\w+) detectors \(([^)]*)\)/.exec(README);
    expect(m, "the detectors line").not.toBe(null);
    const named = m![2].split(",").map((s) => s.trim());
    expect(named.length).toBe(PATTERN_TYPES.length);
    expect(words.indexOf(m![1].toLowerCase()) + 10).toBe(PATTERN_TYPES.length);
  });
});
