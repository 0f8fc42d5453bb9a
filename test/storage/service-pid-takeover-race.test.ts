// Several writers starting at the same instant on a data dir whose service.pid a dead process left:
// exactly one of them takes it over, whatever their number, and every other one refuses. Real
// processes (the built claim code, the system's own process probe), released together many times.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { SYSTEM_PROCESSES } from "../../src/storage/service-pid-file.js";
import { ROOT } from "../support/service-process.js";

const CLAIM_MODULE = path.join(ROOT, "dist/src/storage/service-pid-file.js");
const CONTENDERS = 4;
const ROUNDS = 300;

// Each contender waits for round k's go file (spinning, so that all start within microseconds of
// each other), tries to claim the data dir, and writes what came of it; a winner keeps its claim.
// Every file operation first waits up to a millisecond at random, so that the contenders' steps
// interleave in many more ways than their microsecond-wide windows would by chance.
const CONTENDER = `
import fs, { existsSync, renameSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const pause = new Int32Array(new SharedArrayBuffer(4));
for (const name of ["linkSync", "renameSync", "writeFileSync", "readFileSync", "rmSync", "unlinkSync", "openSync", "readSync", "fstatSync", "readdirSync"]) {
  const real = fs[name];
  fs[name] = (...args) => {
    Atomics.wait(pause, 0, 0, Math.random());
    return real(...args);
  };
}
syncBuiltinESMExports();
const { claimDataDir } = await import(process.argv[1]);
const [dir, rounds] = [process.argv[2], Number(process.argv[3])];
for (let k = 0; k < rounds; k++) {
  while (!existsSync(dir + "/go." + k)) {}
  let result;
  try {
    claimDataDir(dir + "/data", undefined, "import");
    result = "won";
  } catch (err) {
    result = err.name === "DataDirInUseError" ? "refused" : "failed: " + err.message;
  }
  // Written whole, then named: the test never reads a result half-written.
  writeFileSync(dir + "/result.tmp." + process.pid, result);
  renameSync(dir + "/result.tmp." + process.pid, dir + "/result." + k + "." + process.pid);
}
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function resultsOf(dir: string, round: number): Promise<Map<number, string>> {
  const prefix = `result.${round}.`;
  for (;;) {
    const names = readdirSync(dir).filter((n) => n.startsWith(prefix));
    if (names.length === CONTENDERS) {
      return new Map(names.map((n) => [Number(n.slice(prefix.length)), readFileSync(path.join(dir, n), "utf8")]));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("taking over a stale service.pid", () => {
  it(`lets exactly one of ${CONTENDERS} writers starting at once win, in each of ${ROUNDS} rounds`, async () => {
    expect(existsSync(CLAIM_MODULE), "run `npm run build` first").toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-takeover-race-"));
    const dataDir = path.join(dir, "data");
    // An id no process has any more, as a kill -9 leaves it.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    }).stdout;
    const stale = `${dead} 1 ${SYSTEM_PROCESSES.bootId() ?? "-"} import\n`;
    for (let i = 0; i < CONTENDERS; i++) {
      children.push(
        spawn(
          process.execPath,
          ["--input-type=module", "-e", CONTENDER, pathToFileURL(CLAIM_MODULE).href, dir, String(ROUNDS)],
          { stdio: "ignore" },
        ),
      );
    }
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir);
      writeFileSync(path.join(dataDir, "service.pid"), stale);
      writeFileSync(path.join(dir, `go.${round}`), "");
      const results = await resultsOf(dir, round);
      const winners = [...results].filter(([, r]) => r === "won").map(([pid]) => pid);
      const owner = Number(readFileSync(path.join(dataDir, "service.pid"), "utf8").split(" ")[0]);
      const others = [...results.values()].filter((r) => r !== "won" && r !== "refused");
      if (winners.length !== 1 || owner !== winners[0] || others.length > 0) {
        outcomes.push(`round ${round}: ${winners.length} won, service.pid names ${owner}; ${others.join("; ")}`);
      }
    }
    expect(outcomes).toEqual([]);
  }, 120_000);
});
