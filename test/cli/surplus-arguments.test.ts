// Arguments a command does not take, or an option given twice, stop it with exit code 2 and a
// message, touching nothing: `detect --json --json` or `--version extra` used to run as if unsaid.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runInFreshDataDir } from "../support/command-in-fresh-data-dir.js";
import { MAIN } from "../support/service-process.js";

const run = (name: string, args: string[]) => runInFreshDataDir("hp-surplus-", name, args);

function cli(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-surplus-"));
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: "0", TZ: "UTC" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files: readdirSync(dataDir) };
}

describe("surplus command-line arguments", () => {
  it("refuses an option given twice, in every command", async () => {
    for (const [name, args, option] of [
      ["detect", ["--json", "--json"], "--json"],
      ["detect", ["--to", "2026-11-20", "--to=2026-11-21"], "--to"],
      ["rollup", ["--dry-run", "--dry-run"], "--dry-run"],
      ["analytics", ["SELECT 1", "--json", "--json"], "--json"],
      ["migrate", ["--to", "3", "--to", "4"], "--to"],
      ["forget", ["--entity", "light.a", "--entity", "light.b", "--yes"], "--entity"],
      ["export", ["--entity", "light.a", "--out", "a.json", "--out", "b.json"], "--out"],
      ["import", ["--format", "jsonl", "--format", "ha-history-csv", "x.jsonl"], "--format"],
      ["detect", ["--time-zone", "UTC", "--time-zone", "Europe/Berlin"], "--time-zone"],
    ] as const) {
      const r = await run(name, [...args]);
      expect(r.err, `${name} ${args.join(" ")}`).toEqual([`${option} is given twice: give each option once`]);
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.files).toEqual([]);
    }
  });

  it("refuses an argument a command does not take, naming it and what the command takes", async () => {
    expect((await run("detect", ["extra"])).err).toEqual([
      "unexpected argument: extra (this command takes --time-zone, --to, --json, --all, --help)",
    ]);
    expect((await run("migrate", ["--dry-run", "5"])).err).toEqual([
      "unexpected argument: 5 (this command takes --time-zone, --to, --dry-run, --help)",
    ]);
    expect((await run("forget", ["light.kitchen", "--yes"])).err).toEqual([
      "unexpected argument: light.kitchen (this command takes --time-zone, --entity, --person, --yes, --help)",
    ]);
    expect((await run("export", ["--entity", "light.a", "b", "c"])).err).toEqual([
      "unexpected arguments: b, c (this command takes --time-zone, --entity, --person, --out, --help)",
    ]);
    expect((await run("import", ["--format", "jsonl", "a.jsonl", "b.jsonl"])).err).toEqual([
      "unexpected argument: b.jsonl (import takes one file, database or URL)",
    ]);
    for (const args of [
      ["detect", "extra"],
      ["import", "--format", "jsonl", "a.jsonl", "b.jsonl"],
    ]) {
      const r = await run(args[0], args.slice(1));
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.files).toEqual([]);
    }
  });

  it("still takes several words of SQL and several days", async () => {
    const sql = await run("analytics", ["SELECT", "41 + 1", "AS", "answer"]);
    expect(sql.out).toEqual(["answer", "------", "    42"]);
    expect(sql.code).toBe(0);
    const days = await run("rollup", ["2026-11-20", "2026-11-21", "--dry-run"]);
    expect(days.err.filter((l) => l.startsWith("unexpected"))).toEqual([]);
    expect(days.code).toBe(0);
  });

  it("refuses what follows --version, help <command> and the service commands", () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    for (const [args, stderr] of [
      [["--version", "extra"], "home-patterns: unexpected argument after --version: extra\n"],
      [["-V", "-V"], "home-patterns: unexpected argument after -V: -V\n"],
      [["help", "detect", "extra"], "home-patterns: unexpected argument after help detect: extra\n"],
      [
        ["demo", "fast"],
        "home-patterns cannot start.\nunexpected argument: fast (this command takes --time-zone, --seed, --speed, --history-days, --help)\n",
      ],
      [
        ["demo", "--seed", "1", "--seed", "2"],
        "home-patterns cannot start.\n--seed is given twice: give each option once\n",
      ],
      [
        ["run", "now"],
        "home-patterns cannot start.\nunexpected argument: now (this command takes --time-zone, --help)\n",
      ],
    ] as const) {
      const r = cli([...args]);
      expect(r.stderr, args.join(" ")).toBe(stderr);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.files, args.join(" ")).toEqual([]);
    }
  });
});
