// A command line started without memory flags (`npx home-patterns`, `node dist/src/main.js`) runs under the service's, in a child that stands in for it.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryRelaunch, SERVICE_NODE_FLAGS } from "../../src/cli/memory-flags.js";
import { MAIN } from "../support/service-process.js";

const dirs: string[] = [];
const commands: ChildProcess[] = [];
afterAll(() => {
  // A test that failed half way must not leave an import waiting on its FIFO.
  for (const c of commands) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("memoryRelaunch", () => {
  it("adds the service's flags and malloc arenas to a command started without a heap limit", () => {
    expect(memoryRelaunch(["import", "x.csv"], [], {})).toEqual({
      execArgv: [...SERVICE_NODE_FLAGS],
      env: { MALLOC_ARENA_MAX: "2" },
    });
    // Node's own flags are kept; a semi-space or arena count given on purpose too.
    expect(
      memoryRelaunch(["detect"], ["--enable-source-maps", "--max_semi_space_size=4"], { MALLOC_ARENA_MAX: "4" }),
    ).toEqual({
      execArgv: ["--enable-source-maps", "--max_semi_space_size=4", "--max-old-space-size=192"],
      env: { MALLOC_ARENA_MAX: "4" },
    });
  });

  it("leaves a process alone that has a heap limit, in its flags or NODE_OPTIONS, and the service commands", () => {
    expect(memoryRelaunch(["import"], ["--max-semi-space-size=1", "--max-old-space-size=192"], {})).toBeNull();
    expect(memoryRelaunch(["import"], ["--max_old_space_size=1024"], {})).toBeNull();
    expect(memoryRelaunch(["import"], [], { NODE_OPTIONS: "--inspect --max-old-space-size=512" })).toBeNull();
    expect(memoryRelaunch(["run"], [], {})).toBeNull();
    expect(memoryRelaunch(["demo"], [], {})).toBeNull();
  });
});

/** The child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const kids = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (kids) out.push(...kids.split(/\s+/).map(Number));
  }
  return out;
}

async function until<T>(fn: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!existsSync("/proc/self/task"))("node dist/src/main.js", () => {
  /** `import` of a FIFO nobody writes to: it waits on it until it is stopped. The command and its child. */
  async function waitingImport() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-memflags-"));
    dirs.push(dir);
    const fifo = path.join(dir, "history.csv");
    execFileSync("mkfifo", [fifo]);
    const { MALLOC_ARENA_MAX: _, NODE_OPTIONS: __, ...env } = process.env;
    const cli = spawn(process.execPath, [MAIN, "import", "--format", "ha-history-csv", fifo], {
      env: { ...env, DATA_DIR: path.join(dir, "data") },
      stdio: "ignore",
    });
    commands.push(cli);
    const exited = new Promise<[number | null, string | null]>((r) => cli.on("exit", (c, s) => r([c, s])));
    // Until the child has become the new node: right after the fork it still shows the command's own line.
    const child = await until(() => {
      const pid = childrenOf(cli.pid!)[0];
      return pid !== undefined && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--max-old-space-size")
        ? pid
        : undefined;
    }, "the child node under the service's flags");
    return { cli, child, exited };
  }

  it("runs an import in a child under the service's flags, which a SIGTERM of the command ends too", async () => {
    const { cli, child, exited } = await waitingImport();
    const args = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
    expect(args.slice(1, 3)).toEqual([...SERVICE_NODE_FLAGS]);
    expect(args.slice(3, 5)).toEqual([MAIN, "import"]);
    const environ = readFileSync(`/proc/${child}/environ`, "utf8").split("\0");
    expect(environ).toContain("MALLOC_ARENA_MAX=2");
    cli.kill("SIGTERM");
    expect(await exited).toEqual([null, "SIGTERM"]);
    await until(() => (existsSync(`/proc/${child}`) ? undefined : true), "the child to end");
  }, 30_000);

  it("ends the child when the command is killed with SIGKILL, which it cannot pass on", async () => {
    const { cli, child, exited } = await waitingImport();
    cli.kill("SIGKILL");
    expect(await exited).toEqual([null, "SIGKILL"]);
    await until(() => (existsSync(`/proc/${child}`) ? undefined : true), "the child to end");
  }, 30_000);

  it("passes the child's exit code on", () => {
    const r = spawnSync(process.execPath, [MAIN, "no-such-command"], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toContain("unknown command: no-such-command");
    expect(r.status).toBe(2);
  }, 30_000);
});
