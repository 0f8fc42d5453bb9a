// `home-patterns --version` says which release runs (what a bug report needs), and `help <command>`
// is that command's own usage, as `<command> --help` is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN, ROOT } from "../support/service-process.js";

function cli(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-version-"));
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files: readdirSync(dataDir) };
}

/** Each test starts the CLI up to seven times: under a loaded machine that outlasts the default limit. */
const SPAWNING = 120_000;

describe("the command line's version and help", { timeout: SPAWNING }, () => {
  it("prints the version for --version and -V, touching no data dir", () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = cli([flag]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(`home-patterns ${version}\n`);
      expect(r.code).toBe(0);
      expect(r.files).toEqual([]);
    }
  });

  it("prints a command's own usage for help <command>, and the whole usage after help alone", () => {
    const detect = cli(["help", "detect"]);
    expect(detect.code).toBe(0);
    expect(detect.stdout).toBe(cli(["detect", "--help"]).stdout);
    expect(detect.stdout).toMatch(/^Usage:\n {2}detect \[--json\]/);
    // --all names the statuses the panel and the API use; "rejected" is none of them.
    expect(detect.stdout).toContain("(--all: dismissed,\n                          snoozed and stale patterns too;");
    expect(cli(["help", "demo"]).stdout).toMatch(/^Usage:\n {2}demo {2,}run the service on the simulated home/);
    for (const args of [["help"], ["--help"], ["help", "--help"]]) {
      const r = cli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).toMatch(/^Usage: home-patterns <command> \[options\]/);
    }
  });

  it("says an unknown command is one, as the command itself would, instead of helping with success", () => {
    const r = cli(["help", "nonsense"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(cli(["nonsense"]).stderr);
    expect(r.stderr).toMatch(/^unknown command: nonsense\n\nUsage: home-patterns <command> \[options\]/);
  });
});
