// The issue-15 section of BENCHMARKS.md: footprint goals, figures before and after, and per-kind costs.
import type { DefaultHomeFootprint } from "./default-home-footprint.js";
import type { ScenarioResult } from "./layer-scenario.js";

/**
 * Release 0.1.0 (BENCHMARKS.md of commit 0b387ea, 2026-11-23, the same machine idle; the default
 * home's figures from issue 15). Kept here so every run prints its figures beside them.
 */
export const BEFORE = {
  defaultHomeL2KbPerDay: 940,
  defaultHomeRawKbPerDay: 140,
  rollup200kMedianMs: 1321,
  speedup: { "10k-30d": 2.2, "100k-30d": 11.1, "200k-30d": 10.3 } as Record<string, number>,
  layeredMs: { "10k-30d": 1906, "100k-30d": 2435, "200k-30d": 2747 } as Record<string, number>,
  naiveMs: { "10k-30d": 4212, "100k-30d": 26970, "200k-30d": 28236 } as Record<string, number>,
  total90dMb: 210.4,
  l2Mb90d: 142.6,
  l2MbPerDayLarge: 1.6,
  peakRssMb: {
    "10k-30d": 230,
    "100k-30d": 299,
    "200k-30d": 408,
    "10k-90d": 218,
    "100k-90d": 344,
    "100k-14d-heap128": 252,
  } as Record<string, number>,
  /** Commit 1eaa0ca (packed L2, service flags; DuckDB still wrote the archive), 2026-12-07. */
  peakRssPackedMb: {
    "10k-30d": 217,
    "100k-30d": 327,
    "200k-30d": 448,
    "10k-90d": 156,
    "100k-90d": 178,
    "100k-14d-heap128": 232,
  } as Record<string, number>,
  ingestSlowest: 507_470,
  /**
   * After the first issue-15 change (commit 1eaa0ca, 2026-12-07 01:43, load ~25 on the 2 cores):
   * wall-clock figures only; its note gives the rollup's CPU A/B.
   */
  previous: {
    commit: "1eaa0ca",
    speedup: { "10k-30d": 2.1, "100k-30d": 5.7, "200k-30d": 10.2 } as Record<string, number>,
    rollup200kMedianMs: 5033,
    rollup200kCpuMs: "1,123-1,187",
  },
  bytesPerEvent: 24.3,
  npmStartPeakMb: 300,
  demo3mPeakMb: 656,
};

/** Figures measured by hand, outside `npm run bench` (see the notes): printed as they were written down. */
export interface HandMeasured {
  what: string;
  target: string;
  measured: string;
  met: boolean | null;
}

/**
 * Measured by hand on this machine while the bench code was changed (issue 15), not by
 * `npm run bench`: each line says how. Update them when measuring again.
 */
export const HAND_MEASURED: HandMeasured[] = [
  {
    what: "`npm start` (demo, default home, 14 days backfilled), peak RSS over its first 10 minutes",
    target: "≤ 150 MB",
    measured: `107 MB at ab4345d (this stop's unit, new-user and rollup-memory changes merged; steady 92-93 MB after the first minutes, load average 3-6, 2026-12-08 02:07-02:17, same protocol); earlier: 113 MB at f44efb7 (the archive and rollup changes of this session merged; steady 99-100 MB after the first minutes, load average 1.5-4, 2026-12-07 20:15-20:25) and 108 MB at fcdcb96 (steady 89-91, 19:30-19:40), same protocol; earlier: 111 MB (VmHWM of the node process run with npm start's flags, sampled every 1 s for 10 min by bench/memory/sample-rss, 2026-12-07, stored days decoded a row at a time, load average 14-16; steady 92-94 MB; the branch point 590b522 right after it: 113 MB, steady 94-97); earlier the same day 128-132 MB in two runs (load average 0.3-10; steady 88-98 MB); 1eaa0ca: 173 MB (steady 125-140); 0.1.0: ~${BEFORE.npmStartPeakMb} MB`,
    met: true,
  },
  {
    what: "`home-patterns run` on a 10K/day home, peak RSS",
    target: "≤ 100 MB",
    measured:
      "99 MB at ab4345d and 98-100 MB in three runs at be835df (100, 98, 99; then 85-86 MB; load average 3-7, 2026-12-08 00:28-02:15), same protocol: met, at the bar with no room (about 49 MB of it are the pages of the node binary itself, 43 MB private memory, smaps at the end of a run); earlier: 98-99 MB in two runs at f44efb7 (99, 98; then 83-85 MB; load average 1-3, 2026-12-07 20:15-20:23) and 95-99 MB at fcdcb96 (95, 99; 19:25-19:33), same protocol: met, with 1-2 MB to spare; earlier: 97-100 MB in three runs on the merged tree (97, 100, 99; 2227ee0/82c0c01, load average 0.4-4, 14:00-14:10) and 96-97 MB in three on the runmem branch (97, 96, 96), at start-up, during the first detection run, then 81-85 MB (stored days decoded a row at a time, sequence keeping only the link counts it judges chains by; see Detection's memory, row by row, below); the branch point 590b522 in the same session: 106-107 MB; before the detectors read their windows a day at a time 158-192 MB, bddafff 171 MB. 30 days of the large home at 10K/day written by bench/memory/home-jsonl and imported (the import rolls up and archives), Home Assistant unreachable, service flags, VmHWM sampled every 1 s for 4 min by bench/memory/sample-rss, 2026-12-07, load average 11.7-18.9. 1eaa0ca: 214 MB; 0.1.0 with node defaults: 482 MB",
    met: true,
  },
  {
    what: "demo on a 3M-event store, peak RSS",
    target: "≤ 200 MB",
    measured: `107 MB at be835df (180 s, no panel clients, then 86-87 MB) and 106 MB with 50 clients on the panel's routes for 30 s (32,759 requests, no errors; then 90-91 MB), load average 3-10, 2026-12-08 00:21-00:28, the store rolled up by \`rollup\` under the service flags; earlier: 125 MB (VmHWM sampled for 180 s by bench/memory/sample-rss, no panel clients, load average 14-16, 2026-12-07, stored days decoded a row at a time; the branch point 590b522 right after it: 124 MB, so that peak is no longer the detectors'; see Detection's memory, row by row, below); earlier the same day 114 MB (load 4-5.4) once the detectors read their windows a day at a time, 204-230 MB before, then 91-109 MB also under 50 panel clients for 30 s (no errors); bddafff on the same store: 303 MB. The load bench's store (bench/memory/fill-store load: 3M events over 7 days) rolled up by \`rollup\` with node's defaults as the load bench does, then \`demo --history-days 0\` with the service flags; 0.1.0: ${BEFORE.demo3mPeakMb} MB`,
    met: true,
  },
];

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const kb = (b: number) => (b / 1024).toFixed(0);
const num = (n: number) => n.toLocaleString("en-US");
const verdict = (ok: boolean | null) => (ok === null ? "not measured" : ok ? "met" : "**missed**");

export function footprintMarkdown(
  results: ScenarioResult[],
  home: DefaultHomeFootprint | null,
  hand: HandMeasured[],
  load: { start: number[]; end: number[] },
  /** How the by-hand figures were found (bench/memory/measured-by-hand.md), printed after the goals. */
  handNotes = "",
): string {
  const by = (name: string) => results.find((r) => r.config.name === name);
  const lines: string[] = [];
  lines.push("## Footprint goals (issue 15)", "");
  lines.push(
    `Load average (1, 5, 15 min) when the bench started: ${load.start.map((x) => x.toFixed(1)).join(", ")}; when it ended: ${load.end.map((x) => x.toFixed(1)).join(", ")} (2 cores). Timings above 2 mean other processes shared the cores: compare ratios measured in the same run (speedups), not milliseconds across runs.`,
    "",
  );
  lines.push("| goal | target | before (0.1.0) | now | verdict |", "|---|---|---|---|---|");
  if (home) {
    lines.push(
      `| L2 per day, default simulated home (${num(home.eventsPerDay)} events/day, ${home.days} days) | ≤ 150 KB | ~${BEFORE.defaultHomeL2KbPerDay} KB (raw ~${BEFORE.defaultHomeRawKbPerDay} KB) | ${kb(home.l2BytesPerDay)} KB (raw events ${kb(home.l1BytesPerDay)} KB) | ${verdict(home.l2BytesPerDay <= 150 * 1024)} |`,
    );
  }
  for (const r of results) {
    for (const c of r.checkpoints) {
      const l2Days = Math.min(c.afterDays, 90);
      const l2PerDay = c.l2Bytes / l2Days;
      const rawPerDay = c.bytesPerRawEvent * r.config.eventsPerDay;
      lines.push(
        `| L2 per day ≤ that day's raw events in L1 (${r.config.name}, after ${c.afterDays} d) | ≤ ${kb(rawPerDay)} KB | ~${BEFORE.l2MbPerDayLarge} MB | ${kb(l2PerDay)} KB | ${verdict(l2PerDay <= rawPerDay)} |`,
      );
    }
  }
  for (const r of results.filter((x) => x.nightly)) {
    const n = r.nightly!;
    const same = Object.values(n.identical).every(Boolean);
    const name = r.config.name;
    const prev = BEFORE.previous;
    lines.push(
      `| nightly cycle vs naive, ${num(r.config.eventsPerDay)}/day, windows identical | ≥ 20× | ${BEFORE.speedup[name] ?? "?"}× (${num(BEFORE.layeredMs[name] ?? 0)} vs ${num(BEFORE.naiveMs[name] ?? 0)} ms); at ${prev.commit}: ${prev.speedup[name] ?? "?"}× | ${n.speedup}× wall (${num(n.layeredMs)} vs ${num(n.naiveMs)} ms), ${n.cpuSpeedup}× CPU (${num(n.layeredCpuMs)} vs ${num(n.naiveCpuMs)} ms), ${same ? "identical" : "**DIFFERENT**"} | ${verdict(n.speedup >= 20 && n.cpuSpeedup >= 20 && same)} |`,
    );
  }
  const r200 = by("200k-30d");
  if (r200) {
    lines.push(
      `| rollup of a 200K-event day, median | ≤ 1 s | ${num(BEFORE.rollup200kMedianMs)} ms; at ${BEFORE.previous.commit}: ${num(BEFORE.previous.rollup200kMedianMs)} ms under load, CPU ${BEFORE.previous.rollup200kCpuMs} ms | ${num(r200.rollup.medianMs)} ms wall, CPU median ${num(r200.rollup.medianCpuMs)} ms | ${verdict(r200.rollup.medianMs <= 1000)} |`,
    );
  }
  const c90 = by("100k-90d")?.checkpoints.find((c) => c.afterDays === 90);
  if (c90) {
    lines.push(
      `| total after 90 days at 100K/day, archive included | ≤ 120 MB | ${BEFORE.total90dMb} MB (L2 ${BEFORE.l2Mb90d} MB) | ${mb(c90.totalBytes)} MB (L2 ${mb(c90.l2Bytes)} MB, archive ${mb(c90.archiveBytes)} MB) | ${verdict(c90.totalBytes <= 120 * 1024 * 1024)} |`,
    );
  }
  for (const r of results.filter((x) => x.config.eventsPerDay === 100_000)) {
    const flags = r.config.nodeFlags?.join(" ") || "node defaults";
    lines.push(
      `| peak RSS at 100K/day (${r.config.name}; ${flags}) | ≤ 150 MB | ${BEFORE.peakRssMb[r.config.name] ?? "?"} MB (1eaa0ca: ${BEFORE.peakRssPackedMb[r.config.name] ?? "?"} MB) | ${r.peakRssMb} MB | ${verdict(r.peakRssMb <= 150)} |`,
    );
  }
  const slowest = Math.min(...results.map((r) => r.ingest.perSecond));
  if (results.length) {
    lines.push(
      `| ingest into L1, slowest run | ≥ 250,000 events/s | ${num(BEFORE.ingestSlowest)}/s | ${num(slowest)}/s | ${verdict(slowest >= 250_000)} |`,
    );
    const worstBytes = Math.max(...results.flatMap((r) => r.checkpoints.map((c) => c.bytesPerRawEvent)));
    lines.push(
      `| L1 bytes per event (events table incl. its key) | ≤ 25 | ${BEFORE.bytesPerEvent} | ${worstBytes} | ${verdict(worstBytes <= 25)} |`,
    );
  }
  for (const h of hand)
    lines.push(`| ${h.what} (measured by hand, not by this run) | ${h.target} | | ${h.measured} | ${verdict(h.met)} |`);
  lines.push("");
  if (handNotes.trim()) lines.push(handNotes.trim(), "");

  if (home) {
    lines.push("### L2 per kind on the default simulated home (bytes on disk per day)", "");
    lines.push("| kind | KB/day |", "|---|---|");
    for (const k of home.byKind) lines.push(`| ${k.kind} | ${kb(k.bytesPerDay)} |`);
    lines.push(`| all L2 (${num(home.l2RowsPerDay)} rows a day) | ${kb(home.l2BytesPerDay)} |`, "");
  }

  for (const r of results.filter((x) => x.kindCosts)) {
    const k = r.kindCosts!;
    lines.push(
      `### Where one nightly cycle goes per L2 kind (${r.config.name}, day ${k.day}, windows of ${k.windowDays} days)`,
      "",
    );
    lines.push(
      `Loading the day from L1 (events and carry-in): ${k.loadMs} ms. Then per kind: computing the day's rows, their size as JSON, packing them as stored (the compact form for chains and pairs, else JSON; deflated), what a day takes on disk, and reading the ${k.windowDays}-day window back merged, per day, and both from one read of each day (StoredWindowReader.window, as the nightly comparison reads it).`,
      "",
    );
    lines.push(
      "| kind | rows that day | JSON KB | packed KB | on disk KB/day | compute ms | pack ms | read merged ms | read per day ms | read both at once ms |",
      "|---|---|---|---|---|---|---|---|---|---|",
    );
    const sum = (f: (x: (typeof k.kinds)[number]) => number) => k.kinds.reduce((n, x) => n + f(x), 0);
    for (const x of k.kinds) {
      lines.push(
        `| ${x.kind} | ${num(x.rows)} | ${kb(x.jsonBytes)} | ${(x.packedBytes / 1024).toFixed(1)} | ${kb(x.diskBytesPerDay)} | ${x.computeMs} | ${x.packMs} | ${x.readMergedMs} | ${x.readByDayMs} | ${x.readWindowMs} |`,
      );
    }
    lines.push(
      `| all | ${num(sum((x) => x.rows))} | ${kb(sum((x) => x.jsonBytes))} | ${(sum((x) => x.packedBytes) / 1024).toFixed(1)} | ${kb(sum((x) => x.diskBytesPerDay))} | ${sum((x) => x.computeMs).toFixed(0)} | ${sum((x) => x.packMs).toFixed(0)} | ${sum((x) => x.readMergedMs).toFixed(0)} | ${sum((x) => x.readByDayMs).toFixed(0)} | ${sum((x) => x.readWindowMs).toFixed(0)} |`,
      "",
    );
  }
  return lines.join("\n");
}
