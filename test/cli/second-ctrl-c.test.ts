// Under relaunch a writing command runs in a child node that finishes its current step on Ctrl-C;
// a second Ctrl-C must not wait for that step. The parent kills the child at once and ends by the
// signal, as the one process the user started. Real processes: the built relaunch, and a child
// that, like a command in a long step, does not end on SIGINT.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, waitFor, watchChild } from "../support/service-process.js";

const RELAUNCH = path.join(ROOT, "dist/src/cli/relaunch.js");

// Writes its pid, says when it hears SIGINT, and carries on.
const STEP = `
import { writeFileSync } from "node:fs";
writeFileSync(process.argv[2], String(process.pid));
process.on("SIGINT", () => process.stdout.write("finishing the step\\n"));
setInterval(() => {}, 1000);
`;

const PARENT = `
const { relaunch } = await import(process.argv[1]);
relaunch({ execArgv: [], env: process.env }, process.argv[2], [process.argv[3]]);
`;

describe("a second Ctrl-C under relaunch", () => {
  it("kills the child at once and ends the command by SIGINT", async () => {
    expect(existsSync(RELAUNCH), "run `npm run build` first").toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-second-ctrl-c-"));
    const step = path.join(dir, "step.mjs");
    const pidFile = path.join(dir, "child.pid");
    writeFileSync(step, STEP);
    const parent = spawn(
      process.execPath,
      ["--input-type=module", "-e", PARENT, pathToFileURL(RELAUNCH).href, step, pidFile],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const { output, exited } = watchChild(parent);
    const child = Number(
      await waitFor(async () => existsSync(pidFile) && readFileSync(pidFile, "utf8"), 20_000, "the child"),
    );
    parent.kill("SIGINT");
    await waitFor(async () => output().includes("finishing the step"), 20_000, "the child to hear the first Ctrl-C");
    parent.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    await waitFor(async () => !existsSync(`/proc/${child}`), 20_000, "the child to be gone");
  });
});
