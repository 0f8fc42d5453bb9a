// `npm run bench:import [-- --rows N] [--heap-mb M] [--service-flags]`: imports a large recorder database with the real CLI while sampling its resident memory, and writes the figures into BENCHMARKS.md.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVICE_NODE_FLAGS } from "../../src/cli/memory-flags.js";
import { packageRoot } from "../../src/core/package-root.js";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { withImportSection } from "./import-section.js";

const DAY_S = 86_400;

interface Sample {
  atS: number;
  rssMb: number;
  /** Percent of the rows read so far, from the import's progress lines; null once reading is done. */
  percent: number | null;
}

interface Result {
  rows: number;
  entities: number;
  days: number;
  nodeFlags: string[];
  recorderMb: number;
  dataDirMb: number;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  readPeakRssMb: number;
  rollupPeakRssMb: number;
  /** Resident memory when the import had read 10%, 25%, 50%, 75% and all of the rows. */
  rssAtPercent: Record<number, number>;
  summary: string[];
  readS: number;
}

/** A recorder database of schema 42's shape: `rows` state changes of `entities` entities over `days` days up to yesterday. */
function writeRecorder(file: string, rows: number, entities: number, days: number): void {
  const db = openSqlite({ file });
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(`CREATE TABLE states_meta (metadata_id INTEGER PRIMARY KEY, entity_id VARCHAR(255));
    CREATE TABLE states (state_id INTEGER PRIMARY KEY, entity_id CHAR(0), state VARCHAR(255), attributes CHAR(0),
      event_id SMALLINT, last_changed CHAR(0), last_changed_ts FLOAT, last_updated CHAR(0), last_updated_ts FLOAT,
      old_state_id INTEGER, attributes_id INTEGER, context_id CHAR(0), context_user_id CHAR(0),
      context_parent_id CHAR(0), origin_idx SMALLINT, context_id_bin BLOB, context_user_id_bin BLOB,
      context_parent_id_bin BLOB, metadata_id INTEGER)`);
  const kinds = ["light", "binary_sensor", "switch", "sensor"];
  const meta = db.prepare("INSERT INTO states_meta (metadata_id, entity_id) VALUES (?, ?)");
  for (let m = 1; m <= entities; m++) meta.run(m, `${kinds[m % kinds.length]}.bench_${m}`);
  const insert = db.prepare(
    `INSERT INTO states (state_id, state, last_updated_ts, old_state_id, metadata_id, origin_idx)
     VALUES (?, ?, ?, ?, ?, 0)`,
  );
  const start = Math.floor(Date.now() / 1000 / DAY_S) * DAY_S - days * DAY_S;
  const step = (days * DAY_S) / rows;
  const batch = 200_000;
  for (let from = 0; from < rows; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(rows, from + batch); i++) {
        const m = (i % entities) + 1;
        const round = Math.floor(i / entities);
        const state = m % kinds.length === 3 ? String(round % 50) : round % 2 === 0 ? "on" : "off";
        insert.run(i + 1, state, start + i * step, i >= entities ? i + 1 - entities : null, m);
      }
    })();
  }
  db.close();
}

/** Calls back once per whole line, however the stream cuts its chunks. */
function onLines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (rest + String(chunk)).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line) fn(line);
  });
  stream.on("end", () => {
    if (rest) fn(rest);
  });
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function duMb(dir: string): number {
  return Number(execFileSync("du", ["-sk", dir]).toString().split("\t")[0]) / 1024;
}

async function runImport(
  recorder: string,
  dataDir: string,
  nodeFlags: string[],
): Promise<Omit<Result, "rows" | "entities" | "days" | "recorderMb" | "dataDirMb">> {
  const main = path.join(packageRoot(), "dist", "src", "main.js");
  // /usr/bin/time reports the child's own peak (the kernel's, not a sample) and CPU time.
  const child = spawn(
    "/usr/bin/time",
    ["-f", "TIME %M %U %S", process.execPath, ...nodeFlags, main, "import", "--format", "ha-recorder", recorder],
    { env: { ...process.env, DATA_DIR: dataDir, TZ: "UTC", MALLOC_ARENA_MAX: "2" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const t0 = performance.now();
  const samples: Sample[] = [];
  const summary: string[] = [];
  let percent: number | null = 0;
  let readS = 0;
  let timeLine = "";
  let nodePid: number | undefined;
  let errTail = "";
  onLines(child.stdout, (line) => {
    if (line.startsWith("imported ") && percent !== null) {
      percent = null;
      readS = (performance.now() - t0) / 1000;
    }
    summary.push(line);
  });
  onLines(child.stderr, (line) => {
    errTail = `${errTail}${line}\n`.slice(-2000);
    {
      const m = /^importing .*: (\d+)% \(/.exec(line);
      if (m && percent !== null) percent = Number(m[1]);
      if (line.startsWith("TIME ")) timeLine = line;
    }
  });
  const timer = setInterval(() => {
    // The node process is /usr/bin/time's child.
    nodePid ??=
      Number(
        execFileSync("pgrep", ["-P", String(child.pid)])
          .toString()
          .trim()
          .split("\n")[0],
      ) || undefined;
    const rss = nodePid ? rssMb(nodePid) : null;
    if (rss !== null) samples.push({ atS: (performance.now() - t0) / 1000, rssMb: rss, percent });
  }, 250);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the import exited with ${code}: ${errTail}`);
  const [, maxKb, user, sys] = timeLine.split(" ");
  const reading = samples.filter((s) => s.percent !== null);
  const after = samples.filter((s) => s.percent === null);
  const at = (p: number) => {
    const s = reading.find((x) => (x.percent ?? 0) >= p) ?? reading.at(-1);
    return Math.round(s?.rssMb ?? 0);
  };
  return {
    nodeFlags,
    wallS: Math.round((performance.now() - t0) / 1000),
    cpuS: Math.round(Number(user) + Number(sys)),
    peakRssMb: Math.round(Number(maxKb) / 1024),
    readPeakRssMb: Math.round(Math.max(0, ...reading.map((s) => s.rssMb))),
    rollupPeakRssMb: Math.round(Math.max(0, ...after.map((s) => s.rssMb))),
    rssAtPercent: { 10: at(10), 25: at(25), 50: at(50), 75: at(75), 100: at(100) },
    summary,
    readS: Math.round(readS),
  };
}

function markdown(results: Result[], load: string): string {
  const lines = [
    "<!-- import-memory: written by npm run bench:import (bench/import/import-memory.ts); npm run bench keeps it -->",
    "## Import of a large recorder database (resident memory)",
    "",
    `Measured ${new Date().toISOString().slice(0, 16)}Z by \`npm run bench:import\`, load average ${load} on the 2 cores (other work running). The real CLI (\`home-patterns import --format ha-recorder\`, built dist/, MALLOC_ARENA_MAX=2) reads a recorder SQLite database of schema 42's shape (states + states_meta) into a fresh data directory; its resident memory is sampled every 250 ms from /proc and its peak is the kernel's (/usr/bin/time). Goal (issue 17): constant memory on a 10M-row source, i.e. the resident memory while reading does not grow with the rows read.`,
    "",
    "| rows | entities × days | node flags | RSS at 10 / 25 / 50 / 75 / 100 % read (MB) | peak while reading | peak after (rollup, archive) | peak (kernel) | read s | wall s | CPU s | recorder MB | data dir MB |",
    "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const p = r.rssAtPercent;
    lines.push(
      `| ${r.rows.toLocaleString("en")} | ${r.entities} × ${r.days} | ${r.nodeFlags.join(" ") || "none"} | ${p[10]} / ${p[25]} / ${p[50]} / ${p[75]} / ${p[100]} | ${r.readPeakRssMb} | ${r.rollupPeakRssMb} | ${r.peakRssMb} | ${r.readS} | ${r.wallS} | ${r.cpuS} | ${Math.round(r.recorderMb)} | ${Math.round(r.dataDirMb)} |`,
    );
  }
  lines.push("", "The import's own summary, largest run:", "", "```", ...(results.at(-1)?.summary ?? []), "```");
  lines.push("<!-- /import-memory -->");
  return lines.join("\n");
}

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const rowsList = (arg("rows") ?? "1000000,10000000").split(",").map(Number);
  const heapMb = arg("heap-mb");
  // The flags the add-on's service runs with (MALLOC_ARENA_MAX=2 is set for every run).
  const serviceFlags = process.argv.includes("--service-flags");
  const entities = 200;
  const days = 365;
  const results: Result[] = [];
  for (const rows of rowsList) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-import-bench-"));
    try {
      const recorder = path.join(dir, "home-assistant_v2.db");
      const w0 = performance.now();
      writeRecorder(recorder, rows, entities, days);
      process.stderr.write(`wrote ${rows} rows in ${Math.round((performance.now() - w0) / 1000)} s\n`);
      const flags = serviceFlags
        ? ["--max-semi-space-size=1", `--max-old-space-size=${heapMb ?? 192}`]
        : heapMb
          ? [`--max-old-space-size=${heapMb}`]
          : // Without a heap limit the command starts node again under these (src/main.ts), and the
            // samples would be of the process that waits for it.
            [...SERVICE_NODE_FLAGS];
      const r = await runImport(recorder, path.join(dir, "data"), flags);
      const result = {
        ...r,
        rows,
        entities,
        days,
        recorderMb: statSync(recorder).size / 1_048_576,
        dataDirMb: duMb(path.join(dir, "data")),
      };
      process.stderr.write(`${JSON.stringify(result)}\n`);
      results.push(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  const file = path.join(packageRoot(), "BENCHMARKS.md");
  writeFileSync(file, withImportSection(readFileSync(file, "utf8"), markdown(results, load)));
  process.stderr.write(`wrote the import section of ${file}\n`);
}

if (process.argv[1]?.endsWith("import-memory.js")) await main();
