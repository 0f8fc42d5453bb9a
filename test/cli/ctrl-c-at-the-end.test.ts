// A Ctrl-C that comes while a writing command is in its last synchronous stretch (a rollup's
// archive writing, a detection) used to be dropped with the command's listeners: the command
// ended with 0 as if nobody had asked it to stop. A real process, holding a data dir the way the
// built CLI does.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, waitFor, watchChild } from "../support/service-process.js";

const HOLD = path.join(ROOT, "dist/src/cli/hold-data-dir.js");

// Busy for a second and a half without letting the event loop run, like writing an archive file.
const COMMAND = `
const { holdingDataDir } = await import(process.argv[1]);
await holdingDataDir(process.argv[2], "rollup", async () => {
  process.stdout.write("busy\\n");
  const end = Date.now() + 1500;
  while (Date.now() < end) {}
});
process.stdout.write("ended as if not stopped\\n");
`;

describe("Ctrl-C during a writing command's last synchronous stretch", () => {
  it("is heard: the command ends by the signal and gives the data dir back", async () => {
    expect(existsSync(HOLD), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-last-stretch-"));
    const child = spawn(process.execPath, ["--input-type=module", "-e", COMMAND, pathToFileURL(HOLD).href, dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { output, exited } = watchChild(child);
    await waitFor(async () => output().includes("busy"), 20_000, "the command to start its work");
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(output()).toBe(
      "busy\nCtrl-C: stopping after the current step, keeping what is done (Ctrl-C again stops at once; the step under way is then undone)\n",
    );
    expect(existsSync(path.join(dataDir, "service.pid"))).toBe(false);
  });
});
