#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies, builds, and (for tests) the Debian
// programs the tests start for real, and with --bench the bench build. Each step runs only when
// something changed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const forTests = process.argv.includes("--test");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
const say = (msg) => process.stderr.write(`[home-patterns] ${msg}\n`);

// 1. npm dependencies, reinstalled when package-lock.json changes.
const lock = path.join(root, "package-lock.json");
const stampFile = path.join(root, "node_modules", ".home-patterns-install");
const lockHash = createHash("sha256").update(readFileSync(lock)).digest("hex");
if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== lockHash) {
  say("installing npm dependencies (better-sqlite3 may compile from source: about a minute)");
  // Not `npm ci`: the lock file lists only the native packages of the platforms it was made on
  // (DuckDB ships one per OS, CPU and libc), and ci refuses a lock without all of them.
  // --no-save keeps the clone's lock file as committed.
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund"]);
  writeFileSync(stampFile, lockHash);
}

// 2. Debian programs the tests use for real: mosquitto, redis-server, chromium, prometheus,
// influxdb (1.x), postgresql and mariadb-server.
if (forTests) {
  const needed = [
    ["mosquitto", "/usr/sbin/mosquitto"],
    ["redis-server", "/usr/bin/redis-server"],
    ["chromium", "/usr/bin/chromium"],
    ["prometheus", "/usr/bin/prometheus"],
    ["influxdb", "/usr/bin/influxd"],
    ["postgresql", "/usr/bin/pg_ctlcluster"],
    ["mariadb-server", "/usr/sbin/mariadbd"],
  ].filter(([, bin]) => !existsSync(bin));
  if (needed.length > 0) {
    const names = needed.map(([name]) => name);
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      say(`the tests need: ${names.join(" ")}. Install them with: sudo apt-get install -y ${names.join(" ")}`);
      process.exit(1);
    }
    say(`installing ${names.join(" ")} from Debian`);
    run("apt-get", ["update"]);
    run("apt-get", ["install", "-y", "--no-install-recommends", ...names]);
  }
}

// 3. Build (TypeScript to dist/, the panel to ui/dist/) when a source is newer than the last build.
// dist/ holds the product only (it is what the image ships); the bench and eval build apart, into
// dist-bench/, with the test support they share (the memory stores).
rebuildIfStale(path.join(root, "dist", ".build-stamp"), ["src", "ui/src", "scripts", "tsconfig.json"], "build");
if (process.argv.includes("--bench")) {
  const inputs = ["src", "bench", "test/support/memory", "tsconfig.json"];
  rebuildIfStale(path.join(root, "dist-bench", ".build-stamp"), inputs, "build:bench");
}

function rebuildIfStale(stamp, inputs, script) {
  const newest = [...inputs, "package-lock.json"]
    .map((p) => newestMtime(path.join(root, p)))
    .reduce((a, b) => Math.max(a, b), 0);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  say(`running npm run ${script}`);
  run("npm", ["run", "--silent", script]);
  writeFileSync(stamp, new Date().toISOString());
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, entry)));
  return max;
}
