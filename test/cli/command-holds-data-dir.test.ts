// Two real processes of the built CLI: an import that is still reading holds the data dir, so a
// service started beside it and a second writing command refuse, while a command that only reads
// runs. The import reads a named pipe (as `import --format jsonl /dev/stdin` would), so the test
// decides when its input ends rather than hoping a big file takes long enough.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_NODE_FLAGS } from "../../src/cli/memory-flags.js";
import { MAIN, ROOT, waitFor, watchChild } from "../support/service-process.js";

const env = (dataDir: string) => ({ PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC", PORT: "0" });

function cli(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: env(dataDir), encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An import reading a named pipe nobody writes to yet: it holds the data dir until the pipe ends. */
async function importFromPipe(dataDir: string) {
  const pipe = path.join(mkdtempSync(path.join(os.tmpdir(), "hp-pipe-")), "events.jsonl");
  expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
  // Opened for reading and writing, which does not wait for the other end (Linux).
  const writer = openSync(pipe, "r+");
  // With the service's memory flags given, as addon/cli.sh runs it, the CLI does not start itself
  // again under them: the process spawned here is the one that holds the data dir.
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, MAIN, "import", "--format", "jsonl", pipe],
    {
      env: env(dataDir),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const { output, exited } = watchChild(child);
  const pidFile = path.join(dataDir, "service.pid");
  try {
    await waitFor(
      async () => existsSync(pidFile) && readFileSync(pidFile, "utf8").startsWith(`${child.pid} `),
      20_000,
      "the import to claim the data dir",
    );
  } catch (err) {
    child.kill("SIGKILL");
    closeSync(writer);
    throw new Error(`${(err as Error).message}:\n${output()}`);
  }
  return { child, writer, exited, output };
}

describe("a writing command holds the data dir while it runs", () => {
  it("refuses a service and a second writer beside an import, lets a reader run, and lets go", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-hold-"));
    const pidFile = path.join(dataDir, "service.pid");
    const imp = await importFromPipe(dataDir);
    let ended = false;
    try {
      const pid = imp.child.pid;
      expect(readFileSync(pidFile, "utf8")).toMatch(new RegExp(`^${pid} \\S+ \\S+ import\\n$`));

      const service = cli(dataDir, ["demo", "--history-days", "0"]);
      expect(service.code).toBe(1);
      expect(service.stderr).toContain(
        `home-patterns cannot start.\n\`home-patterns import\` (process ${pid}) is writing to ${dataDir}: ` +
          "wait for it to end (or stop it), then start again; two writers on one database could lose or mix up data\n",
      );
      const forget = cli(dataDir, ["forget", "--entity", "light.kitchen", "--yes"]);
      expect(forget.code).toBe(1);
      expect(forget.stderr).toBe(
        `\`home-patterns import\` (process ${pid}) is writing to ${dataDir}: wait for it to end (or stop it), ` +
          "then run forget again (two writers on one database could lose or mix up data)\n",
      );
      const second = cli(dataDir, ["import", "--format", "jsonl", "/dev/null"]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`\`home-patterns import\` (process ${pid}) is writing to ${dataDir}`);
      // Reading is fine beside it.
      const exported = cli(dataDir, ["export", "--entity", "light.kitchen"]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(readFileSync(pidFile, "utf8").startsWith(`${pid} `)).toBe(true);

      // The input ends: the import reads it, finishes and gives the data dir back.
      writeSync(imp.writer, readFileSync(path.join(ROOT, "test/fixtures/imports/state-changed.jsonl")));
      closeSync(imp.writer);
      ended = true;
      expect(await imp.exited, imp.output()).toBe(0);
    } finally {
      if (!ended) {
        imp.child.kill("SIGKILL");
        closeSync(imp.writer);
      }
    }
    expect(existsSync(pidFile)).toBe(false);
    expect(cli(dataDir, ["forget", "--entity", "light.kitchen", "--yes"]).code).toBe(0);
  });

  it("gives the data dir back when stopped with SIGTERM", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-hold-"));
    const imp = await importFromPipe(dataDir);
    try {
      imp.child.kill("SIGTERM");
      expect(await imp.exited).toBe("SIGTERM");
    } finally {
      closeSync(imp.writer);
    }
    expect(existsSync(path.join(dataDir, "service.pid"))).toBe(false);
  });

  it("a claim left by an import killed with SIGKILL is taken over by the next writer", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-hold-"));
    const imp = await importFromPipe(dataDir);
    try {
      imp.child.kill("SIGKILL");
      expect(await imp.exited).toBe("SIGKILL");
    } finally {
      closeSync(imp.writer);
    }
    expect(readFileSync(path.join(dataDir, "service.pid"), "utf8")).toMatch(/ import\n$/);
    const migrate = cli(dataDir, ["migrate"]);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(existsSync(path.join(dataDir, "service.pid"))).toBe(false);
  });
});
