// Runs a command for a while and samples its resident memory, and its child processes', from /proc (by-hand goals).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * `node dist-bench/bench/memory/sample-rss.js <seconds> <interval ms> -- <command> [args...]`
 * Prints one line per minute and, at the end, as JSON: the root process's VmHWM (its own peak),
 * the largest sum of VmRSS over the root and every descendant seen at one sample (the tree's
 * peak, counting shared pages once per process), and the root's RSS range over the last half.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf("--");
  const seconds = Number(argv[0]);
  const intervalMs = Number(argv[1]);
  if (dash < 0 || !seconds || !intervalMs) throw new Error("usage: sample-rss <seconds> <interval ms> -- <command...>");
  const [command, ...args] = argv.slice(dash + 1);
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  const root = child.pid!;
  const started = Date.now();
  let treePeakKb = 0;
  let rootHwmKb = 0;
  let children = 0;
  const late: number[] = [];
  const timeline: string[] = [];
  let nextMinute = 60_000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      if (child.exitCode !== null || elapsed > seconds * 1000) {
        clearInterval(timer);
        return resolve();
      }
      const tree = descendants(root);
      const rss = tree.map((pid) => status(pid, "VmRSS")).reduce((a, b) => a + b, 0);
      treePeakKb = Math.max(treePeakKb, rss);
      children = Math.max(children, tree.length - 1);
      rootHwmKb = Math.max(rootHwmKb, status(root, "VmHWM"));
      const rootRss = status(root, "VmRSS");
      if (elapsed > (seconds * 1000) / 2) late.push(rootRss);
      if (elapsed >= nextMinute) {
        nextMinute += 60_000;
        timeline.push(
          `${Math.round(elapsed / 1000)}s root ${mb(rootRss)} MB, tree ${mb(rss)} MB, root peak ${mb(rootHwmKb)} MB`,
        );
        process.stderr.write(`${timeline.at(-1)}\n`);
      }
    }, intervalMs);
  });
  const exitedEarly = child.exitCode !== null;
  child.kill("SIGTERM");
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(", ");
  process.stdout.write(
    `${JSON.stringify({
      rootPeakMb: mb(rootHwmKb),
      treePeakMb: mb(treePeakKb),
      maxChildren: children,
      rootSecondHalfMb: late.length ? [mb(Math.min(...late)), mb(Math.max(...late))] : null,
      exitedEarly,
      exitCode: child.exitCode,
      loadAverage: load,
      timeline,
    })}\n`,
  );
}

/** The process and all its descendants (from /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // exited between the listing and the read
    }
  }
  return out;
}

function status(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function mb(kb: number): number {
  return Math.round(kb / 1024);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
