// Writes BENCHMARKS.md from the scenario results: the machine, every figure, and each goal met or missed.
import os from "node:os";
import type { ScenarioResult } from "./layer-scenario.js";

export interface MachineInfo {
  date: string;
  nproc: number;
  cpu: string;
  memoryGb: number;
  node: string;
  platform: string;
  commit: string;
}

export function machineInfo(commit: string, now: Date): MachineInfo {
  return {
    date: now.toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    commit,
  };
}

const DESIGN_ESTIMATE_MB = 556;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const num = (n: number) => n.toLocaleString("en-US");
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

export function benchmarksMarkdown(machine: MachineInfo, results: ScenarioResult[], notes: string[]): string {
  const by = (name: string) => results.find((r) => r.config.name === name);
  const lines: string[] = [];
  lines.push("# Benchmarks", "");
  lines.push("Written by `npm run bench` (bench/run-bench.ts). Every figure measured is reported, met or not.", "");
  lines.push("## Machine", "");
  lines.push(`- date: ${machine.date}`);
  lines.push(`- commit: ${machine.commit}`);
  lines.push(`- CPU: ${machine.cpu}, ${machine.nproc} logical cores (nproc)`);
  lines.push(`- memory: ${machine.memoryGb} GB`);
  lines.push(`- node: ${machine.node} on ${machine.platform}`);
  lines.push("");

  lines.push("## Goals", "");
  lines.push("| goal | target | measured | verdict |", "|---|---|---|---|");
  const ingestRuns = results.map((r) => r.ingest.perSecond);
  if (ingestRuns.length) {
    const worst = Math.min(...ingestRuns);
    lines.push(
      `| ingest into L1 (durable, batches of 5,000) | ≥ 100,000 events/s | ${num(worst)}/s slowest run, ${num(Math.max(...ingestRuns))}/s fastest | ${verdict(worst >= 100_000)} |`,
    );
  }
  const pipe = results.find((r) => r.ingestPipeline);
  if (pipe?.ingestPipeline) {
    lines.push(
      `| ingest through the full pipeline (normalize, filter, batch, append) | ≥ 100,000 events/s | ${num(pipe.ingestPipeline.perSecond)}/s | ${verdict(pipe.ingestPipeline.perSecond >= 100_000)} |`,
    );
  }
  const r200 = by("200k-30d");
  if (r200) {
    lines.push(
      `| roll up one 200K-event day into all L2 tables | ≤ 1 s | median ${num(r200.rollup.medianMs)} ms, max ${num(r200.rollup.maxMs)} ms (${num(r200.rollup.medianEvents)} events); CPU median ${num(r200.rollup.medianCpuMs)} ms, max ${num(r200.rollup.maxCpuMs)} ms | ${verdict(r200.rollup.medianMs <= 1000)} |`,
    );
  }
  for (const r of results.filter((x) => x.nightly)) {
    const n = r.nightly!;
    const allSame = Object.values(n.identical).every(Boolean);
    // Met only when both the wall-clock and the CPU-time ratio reach the goal.
    lines.push(
      `| nightly cycle vs naive, ${num(r.config.eventsPerDay)}/day | ≥ 20× faster, identical inputs | ${n.speedup}× wall (${num(n.layeredMs)} ms vs ${num(n.naiveMs)} ms), ${n.cpuSpeedup}× CPU (${num(n.layeredCpuMs)} ms vs ${num(n.naiveCpuMs)} ms), ${allSame ? "identical" : "**DIFFERENT**"} | ${verdict(n.speedup >= 20 && n.cpuSpeedup >= 20 && allSame)} |`,
    );
  }
  const r100 = by("100k-90d");
  const c30 = by("100k-30d")?.checkpoints.at(-1);
  if (c30) {
    lines.push(
      `| bytes per raw event on disk incl. indexes (L1 table, 30 days of 100K/day) | ≤ 40 | ${c30.bytesPerRawEvent} (${c30.bytesPerRawEventWithDictionaries} with dictionaries) | ${verdict(c30.bytesPerRawEvent <= 40)} |`,
    );
  }
  const c90 = r100?.checkpoints.find((c) => c.afterDays === 90);
  if (c90) {
    lines.push(
      `| total size after 90 days at 100K/day (raw 7 d, daily 90 d, periods 52 w, archive) | design estimate ~${DESIGN_ESTIMATE_MB} MB | ${mb(c90.totalBytes)} MB | ${verdict(c90.totalBytes / 1024 / 1024 <= DESIGN_ESTIMATE_MB)} |`,
    );
  }
  for (const r of results.filter((x) => x.config.eventsPerDay === 100_000)) {
    lines.push(
      `| peak RSS at 100K/day (${r.config.name}) | ≤ 150 MB | ${r.peakRssMb} MB (the measured process, ${r.config.nodeFlags?.join(" ") || "node defaults"}; the simulator and the naive comparison run in others) | ${verdict(r.peakRssMb <= 150)} |`,
    );
  }
  lines.push("");

  lines.push("## Every run", "");
  lines.push(
    "| run | events | ingest events/s | rollup median / max ms | rollup CPU median / max ms | archive median ms | retention median ms | peak RSS MB | wall s |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    lines.push(
      `| ${r.config.name} (${num(r.config.eventsPerDay)}/day × ${r.config.days} d, raw kept ${r.config.rawRetentionDays} d) | ${num(r.totalEvents)} | ${num(r.ingest.perSecond)} | ${r.rollup.medianMs} / ${r.rollup.maxMs} | ${r.rollup.medianCpuMs} / ${r.rollup.maxCpuMs} | ${r.archive.medianMs} | ${r.retention.medianMs} | ${r.peakRssMb} | ${(r.wallMs / 1000).toFixed(0)} |`,
    );
  }
  lines.push("");

  lines.push("## Sizes on disk", "");
  lines.push(
    "| run | after days | total MB | SQLite MB | WAL MB | archive MB (files) | L1 rows | L1 bytes/event (+dict) | L2 MB (rows) | L3 KB | archive bytes/event |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    for (const c of r.checkpoints) {
      lines.push(
        `| ${r.config.name} | ${c.afterDays} | ${mb(c.totalBytes)} | ${mb(c.sqliteBytes)} | ${mb(c.walBytes)} | ${mb(c.archiveBytes)} (${c.archiveFiles}) | ${num(c.l1Rows)} | ${c.bytesPerRawEvent} (${c.bytesPerRawEventWithDictionaries}) | ${mb(c.l2Bytes)} (${num(c.l2Rows)}) | ${(c.l3Bytes / 1024).toFixed(0)} | ${c.archiveBytesPerEvent} |`,
      );
    }
  }
  lines.push("");

  const nightly = results.filter((r) => r.nightly);
  if (nightly.length) {
    lines.push("## Nightly cycle against the naive path", "");
    lines.push(
      "| run | layered: rollup + reads = total ms | naive ms (raw days, raw events read) | speedup | CPU ms, layered: rollup + reads = total | CPU ms, naive | CPU speedup | CPU speedup if reads cost nothing (naive ÷ rollup) | windows identical |",
    );
    lines.push("|---|---|---|---|---|---|---|---|---|");
    for (const r of nightly) {
      const n = r.nightly!;
      const same = Object.entries(n.identical);
      const bad = same.filter(([, ok]) => !ok).map(([k]) => k);
      lines.push(
        `| ${r.config.name} | ${n.layeredRollupMs} + ${n.layeredReadMs} = ${n.layeredMs} | ${num(n.naiveMs)} (${n.naiveRawDays} d, ${num(n.naiveRawEvents)}) | ${n.speedup}× | ${n.layeredRollupCpuMs} + ${n.layeredReadCpuMs} = ${n.layeredCpuMs} | ${num(n.naiveCpuMs)} | ${n.cpuSpeedup}× | ${Math.round((n.naiveCpuMs / n.layeredRollupCpuMs) * 10) / 10}× | ${same.length - bad.length}/${same.length}${bad.length ? `; different: ${bad.join(", ")}` : ""} |`,
      );
    }
    lines.push("");
  }

  lines.push("## Peak resident memory during each step (VmHWM reset before it; the most of any day, MB)", "");
  lines.push(
    "| run | opening | generating a day | ingest | rollup | archive | retention | peak |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of results) {
    const a = r.rssAfter;
    lines.push(
      `| ${r.config.name} | ${a.open} | ${a.generate} | ${a.ingest} | ${a.rollup} | ${a.archive} | ${a.retention} | ${r.peakRssMb} |`,
    );
  }
  lines.push("");

  if (pipe?.ingestPipeline || pipe?.ingestSyncFull) {
    lines.push("## Ingest variants (one simulated day, fresh database)", "");
    if (pipe.ingestPipeline)
      lines.push(
        `- full ingest pipeline, synchronous=NORMAL (WAL): ${num(pipe.ingestPipeline.perSecond)} events/s (${num(pipe.ingestPipeline.events)} events in ${pipe.ingestPipeline.ms} ms)`,
      );
    if (pipe.ingestSyncFull)
      lines.push(
        `- full ingest pipeline, synchronous=FULL: ${num(pipe.ingestSyncFull.perSecond)} events/s (${num(pipe.ingestSyncFull.events)} events in ${pipe.ingestSyncFull.ms} ms)`,
      );
    lines.push("");
  }

  lines.push("## How it was measured", "");
  for (const note of notes) lines.push(`- ${note}`);
  lines.push("");
  return lines.join("\n");
}
