// `home-patterns --time-zone X detect` is what a user types from other tools' habits: the option
// every command takes works before the command too, and any other one says where it goes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN } from "../support/service-process.js";

function cli(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-options-first-"));
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files: readdirSync(dataDir) };
}

/** The output without what differs from run to run: log timestamps and the detectors' durations. */
const untimed = (text: string) => text.replace(/^\S+Z /gm, "").replace(/"durationMs": [\d.e-]+/g, '"durationMs": 0');

describe("options before the command", () => {
  it("takes --time-zone before the command as after it", () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const after = cli(["detect", "--json", "--time-zone", "Europe/Berlin"]);
    expect(after.code).toBe(0);
    for (const first of [
      ["--time-zone", "Europe/Berlin", "detect", "--json"],
      ["--time-zone=Europe/Berlin", "detect", "--json"],
    ]) {
      const r = cli(first);
      expect(untimed(r.stderr)).toBe(untimed(after.stderr));
      expect(untimed(r.stdout)).toBe(untimed(after.stdout));
      expect(r.code).toBe(0);
    }
    const wrongZone = cli(["--time-zone", "Mars/Olympus", "detect"]);
    expect(wrongZone.code).toBe(cli(["detect", "--time-zone", "Mars/Olympus"]).code);
    expect(wrongZone.stderr).not.toContain("unknown command");
  });

  it("says where any other option goes, touching no data dir", () => {
    const r = cli(["--dry-run", "migrate"]);
    expect(r.stderr).toBe(
      "home-patterns: --dry-run goes after the command: home-patterns <command> --dry-run; only --time-zone may come before it\n",
    );
    expect(r.code).toBe(2);
    expect(r.files).toEqual([]);
    expect(cli(["--time-zone"]).stderr).toBe("home-patterns: --time-zone needs a value\n");
  });
});
