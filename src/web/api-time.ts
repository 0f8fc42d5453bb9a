// A time a script gives the API, as epoch milliseconds or an ISO time: a day the calendar lacks is
// refused, never moved on to the next month, and so is a number no Date can hold.
import { parseIsoWithZone } from "../core/iso-time.js";

/** The furthest a JavaScript Date reaches either side of 1970 (ECMAScript's time value range). */
const MAX_TIME_MS = 8.64e15;

/** `problem` is undefined when the value is not written as a time at all. */
export type ApiTime = { ok: true; ms: number } | { ok: false; problem?: string };

/** Epoch ms from a number, a string of digits, or an ISO time ("2026-03-01", "2026-03-01T08:00:00Z"). */
export function readApiTime(value: unknown): ApiTime {
  if (typeof value === "number") return withinRange(value);
  if (typeof value !== "string") return { ok: false };
  if (/^\d+$/.test(value)) return withinRange(Number(value));
  // Date.parse reads "-5", "1.5" and " 5" as days of 2001: a number is epoch milliseconds or nothing.
  if (/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value))
    return { ok: false, problem: "epoch milliseconds are a whole number of 0 or more, written in digits only" };
  const strict = parseIsoWithZone(value);
  if (!strict.ok && strict.kind === "impossible") return { ok: false, problem: strict.problem };
  // Other forms Date.parse reads ("2026-03-01", no zone): the day they start with must exist.
  const day = /^(\d{4}-\d{2}-\d{2})(?!\d)/.exec(value.trim());
  if (day) {
    const check = parseIsoWithZone(`${day[1]}T00:00Z`);
    if (!check.ok) return { ok: false, problem: check.problem };
  }
  const ms = strict.ok ? strict.ms : Date.parse(value);
  return Number.isNaN(ms) ? { ok: false } : withinRange(ms);
}

/** 'since must be an ISO time or epoch milliseconds, got "2026-02-30": day 2026-02-30 does not exist' */
export function apiTimeRefusal(name: string, value: unknown, time: { problem?: string }): string {
  return `${name} must be an ISO time or epoch milliseconds, got ${JSON.stringify(value)}${time.problem ? `: ${time.problem}` : ""}`;
}

function withinRange(ms: number): ApiTime {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? { ok: true, ms } : { ok: false, problem: "no such time" };
}
