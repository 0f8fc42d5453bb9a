// The demo's own options (--seed, --speed, --history-days), each checked, every problem named at once.
import type { DemoSettings } from "../app/build-sources.js";

export interface DemoFlags {
  settings: DemoSettings;
  /** One line per refused option, in the words of the other start-up problems. */
  problems: string[];
}

/** Reads the demo's flags as parseArgs left them; an option not given keeps the demo's default. */
export function readDemoFlags(flags: Record<string, string | true>): DemoFlags {
  const problems: string[] = [];
  const read = (name: string, ok: (n: number) => boolean, needs: string): number | undefined => {
    const v = flags[name];
    if (v === undefined) return undefined;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
    if (Number.isFinite(n) && ok(n)) return n;
    problems.push(`--${name} must be ${needs}, got ${v === true || v.trim() === "" ? "no value" : v}`);
    return undefined;
  };
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  const settings: DemoSettings = {
    seed: read("seed", whole, "a whole number of 0 or more"),
    speed: read("speed", (n) => n > 0, "a number above 0 (60 plays a simulated minute each second)"),
    historyDays: read("history-days", whole, "a whole number of days, 0 or more"),
  };
  return { settings, problems };
}
