// A writing command holds the data dir (service.pid naming the command) while it runs: a service
// or a second writing command is refused, the claim is given back however the command ends, and
// one a killed command left is taken over.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { holdingDataDir, type ProcessEvents } from "../../src/cli/hold-data-dir.js";
import { DataDirInUseError } from "../../src/core/errors.js";
import { claimDataDir, type ProcessProbe } from "../../src/storage/service-pid-file.js";

const processes: Record<number, string> = { 100: "555", 200: "777", 300: "999" };
const probe = (pid: number): ProcessProbe => ({
  pid,
  alive: (p) => p in processes,
  startTime: (p) => processes[p] ?? null,
  bootId: () => "boot-a",
});

/** A process's events that the test fires itself, recording the signals it raises and what it says. */
function fakeProcess(parentPassesSignals = false) {
  const listeners = new Map<string, Set<() => void>>();
  const raised: string[] = [];
  const told: string[] = [];
  const events: ProcessEvents = {
    on: (event, listener) => listeners.set(event, (listeners.get(event) ?? new Set()).add(listener)),
    off: (event, listener) => listeners.get(event)?.delete(listener),
    raise: (signal) => raised.push(signal),
    tell: (line) => told.push(line),
    flushed: async () => {},
    parentPassesSignals,
  };
  const fire = (event: string) => {
    for (const l of [...(listeners.get(event) ?? [])]) l();
  };
  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { events, fire, raised, told, count };
}

const newDir = () => mkdtempSync(path.join(os.tmpdir(), "hp-hold-"));
const pidFile = (dir: string) => path.join(dir, "service.pid");

function refusal(fn: () => unknown): DataDirInUseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataDirInUseError) return err;
    throw err;
  }
  throw new Error("was not refused");
}

describe("holdingDataDir", () => {
  it("names the command in service.pid while it runs; a service and a second writer are refused", async () => {
    const dir = newDir();
    const proc = fakeProcess();
    const result = await holdingDataDir(
      dir,
      "import",
      async () => {
        expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a import\n");
        const service = refusal(() => claimDataDir(dir, probe(200)));
        expect(service.pid).toBe(100);
        expect(service.holder).toBe("import");
        expect(service.message).toBe(
          `\`home-patterns import\` (process 100) is writing to ${dir}: wait for it to end (or stop it), ` +
            "then start again; two writers on one database could lose or mix up data",
        );
        await expect(holdingDataDir(dir, "forget", async () => 0, probe(300), fakeProcess().events)).rejects.toThrow(
          DataDirInUseError,
        );
        expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a import\n");
        return 7;
      },
      probe(100),
      proc.events,
    );
    expect(result).toBe(7);
    expect(existsSync(pidFile(dir))).toBe(false);
    expect(proc.count()).toBe(0);
  });

  it("is refused while the service holds the data dir, and runs nothing", async () => {
    const dir = newDir();
    claimDataDir(dir, probe(200));
    let ran = false;
    const refused = holdingDataDir(
      dir,
      "migrate",
      async () => {
        ran = true;
      },
      probe(100),
      fakeProcess().events,
    );
    await expect(refused).rejects.toThrow("another Home Patterns service (process 200)");
    expect(ran).toBe(false);
    expect(readFileSync(pidFile(dir), "utf8")).toBe("200 777 boot-a\n");
  });

  it("gives the claim back when the command fails", async () => {
    const dir = newDir();
    const proc = fakeProcess();
    const failing = holdingDataDir(
      dir,
      "rollup",
      async () => {
        throw new Error("disk full");
      },
      probe(100),
      proc.events,
    );
    await expect(failing).rejects.toThrow("disk full");
    expect(existsSync(pidFile(dir))).toBe(false);
    expect(proc.count()).toBe(0);
  });

  it.each([
    ["SIGINT", "Ctrl-C"],
    ["SIGTERM", "SIGTERM"],
    ["SIGHUP", "SIGHUP"],
  ])("on %s asks the command to stop, then gives the claim back and ends by that signal", async (signal, named) => {
    const dir = newDir();
    const proc = fakeProcess();
    let asked: AbortSignal | undefined;
    let finish!: () => void;
    const running = holdingDataDir(
      dir,
      "forget",
      (stop) => {
        asked = stop;
        return new Promise<void>((r) => (finish = r));
      },
      probe(100),
      proc.events,
    );
    proc.fire(signal);
    expect(asked?.aborted).toBe(true);
    expect(asked?.reason).toBe(signal);
    expect(proc.told).toEqual([
      `${named}: stopping after the current step, keeping what is done (Ctrl-C again stops at once; the step under way is then undone)`,
    ]);
    // The command is still finishing its step: it holds the data dir until it has.
    expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a forget\n");
    expect(proc.raised).toEqual([]);
    // Its signal listeners are gone, so a second signal ends the process the default way, at once.
    expect(proc.count()).toBe(1);
    finish();
    await running;
    expect(existsSync(pidFile(dir))).toBe(false);
    expect(proc.raised).toEqual([signal]);
    expect(proc.count()).toBe(0);
  });

  it("hears a SIGTERM that comes while the claim is being made, and gives the claim back", async () => {
    const dir = newDir();
    const proc = fakeProcess();
    // Another process's half-written claim: looking at it is the claim's last step, after
    // service.pid is written; the signal comes right then.
    writeFileSync(path.join(dir, "service.pid.4242.new"), "4242 1 boot-a import");
    const watching: ProcessProbe = {
      ...probe(100),
      alive: (p) => {
        if (p === 4242) proc.fire("SIGTERM");
        return p in processes;
      },
    };
    let asked: AbortSignal | undefined;
    await holdingDataDir(
      dir,
      "import",
      async (stop) => {
        asked = stop;
      },
      watching,
      proc.events,
    );
    expect(asked?.aborted).toBe(true);
    expect(existsSync(pidFile(dir))).toBe(false);
    expect(proc.raised).toEqual(["SIGTERM"]);
    expect(proc.count()).toBe(0);
  });

  it("listens to nothing after a refused claim", async () => {
    const dir = newDir();
    claimDataDir(dir, probe(200), "import");
    const proc = fakeProcess();
    await expect(holdingDataDir(dir, "forget", async () => undefined, probe(100), proc.events)).rejects.toBeInstanceOf(
      DataDirInUseError,
    );
    expect(proc.count()).toBe(0);
  });

  it("under relaunch swallows the copies of a Ctrl-C: its parent ends it on a second one", async () => {
    const dir = newDir();
    const proc = fakeProcess(true);
    let finish!: () => void;
    const running = holdingDataDir(
      dir,
      "import",
      () => new Promise<void>((r) => (finish = r)),
      probe(100),
      proc.events,
    );
    proc.fire("SIGINT");
    proc.fire("SIGINT");
    expect(proc.told.length).toBe(1);
    expect(proc.count()).toBe(4);
    finish();
    await running;
    expect(proc.raised).toEqual(["SIGINT"]);
    expect(proc.count()).toBe(0);
    expect(existsSync(pidFile(dir))).toBe(false);
  });

  it("gives the claim back when something else calls process.exit()", async () => {
    const dir = newDir();
    const proc = fakeProcess();
    void holdingDataDir(dir, "import", () => new Promise(() => {}), probe(100), proc.events);
    proc.fire("exit");
    expect(existsSync(pidFile(dir))).toBe(false);
  });

  it("takes over the claim of a command that was killed, and leaves no temporary file", async () => {
    const dir = newDir();
    // 400 is not alive: an import killed with kill -9 while it held the data dir.
    writeFileSync(pidFile(dir), "400 123 boot-a import\n");
    const release = claimDataDir(dir, probe(200));
    expect(readFileSync(pidFile(dir), "utf8")).toBe("200 777 boot-a\n");
    release();
    writeFileSync(pidFile(dir), "400 123 boot-a import\n");
    await holdingDataDir(
      dir,
      "forget",
      async () => expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a forget\n"),
      probe(100),
      fakeProcess().events,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("calls an owner whose file names something that is not a command the service", () => {
    const dir = newDir();
    writeFileSync(pidFile(dir), "200 777 boot-a ../../etc\n");
    expect(refusal(() => claimDataDir(dir, probe(100))).holder).toBe("service");
    expect(() => claimDataDir(newDir(), probe(100), "two words")).toThrow("not a name");
  });
});
