// Reads the recorded HA frames (test/fixtures/ha-recordings) and compares messages by structure.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RECORDINGS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/ha-recordings",
);

export interface RecordedLine {
  /** 1-based, as ws-meta.json counts. */
  lineNo: number;
  /** "out" = sent by the client, "in" = sent by HA. */
  dir: "in" | "out";
  tMs: number;
  frame: unknown;
  /** The frame's text exactly as it went over the wire (spacing included). */
  raw: string;
}

export function readRecording(file: string): RecordedLine[] {
  return readFileSync(path.join(RECORDINGS_DIR, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((text, index) => {
      const parsed = JSON.parse(text) as { dir: "in" | "out"; t_ms: number; frame: unknown };
      const start = text.indexOf('"frame":') + '"frame":'.length;
      return { lineNo: index + 1, dir: parsed.dir, tMs: parsed.t_ms, frame: parsed.frame, raw: text.slice(start, -1) };
    });
}

export interface RecordedRestPair {
  /** Line of the request in rest.jsonl; the response is the next line. */
  lineNo: number;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export function readRestPairs(file = "rest.jsonl"): RecordedRestPair[] {
  const lines = readFileSync(path.join(RECORDINGS_DIR, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
  const pairs: RecordedRestPair[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    pairs.push({ lineNo: i + 1, request: lines[i].request, response: lines[i + 1].response });
  }
  return pairs;
}

export function readMeta<T = Record<string, any>>(file: string): T {
  return JSON.parse(readFileSync(path.join(RECORDINGS_DIR, file), "utf8")) as T;
}

/** The messages of a frame: a coalesced array is several. */
export function messagesOf(frame: unknown): Record<string, unknown>[] {
  return (Array.isArray(frame) ? frame : [frame]) as Record<string, unknown>[];
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const HEX_ID = /^[0-9a-f]{32}$/;
/** Numbers that are times (epoch seconds) differ run to run. */
const TIME_NUMBER_KEYS = new Set(["lu", "lc"]);
/** Lists whose length depends on the installation, not on the protocol. */
const FREE_LENGTH_KEYS = new Set(["components"]);

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Differences between a recorded and an actual message: types everywhere, key lists in order,
 * literal strings, numbers and booleans — except times, context ids and registry ids, which
 * only have to be of the same kind.
 */
export function structuralDifferences(expected: unknown, actual: unknown, at = "$"): string[] {
  const key = at.slice(at.lastIndexOf(".") + 1);
  if (kind(expected) !== kind(actual))
    return [`${at}: expected ${kind(expected)} ${short(expected)}, got ${kind(actual)} ${short(actual)}`];
  if (Array.isArray(expected)) {
    const list = actual as unknown[];
    if (FREE_LENGTH_KEYS.has(key)) return list.every((v) => typeof v === "string") ? [] : [`${at}: expected strings`];
    if (expected.length !== list.length) return [`${at}: expected ${expected.length} items, got ${list.length}`];
    return expected.flatMap((item, i) => structuralDifferences(item, list[i], `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    const obj = actual as Record<string, unknown>;
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(obj);
    if (expectedKeys.join(",") !== actualKeys.join(","))
      return [`${at}: expected keys [${expectedKeys}], got [${actualKeys}]`];
    return expectedKeys.flatMap((k) =>
      structuralDifferences((expected as Record<string, unknown>)[k], obj[k], `${at}.${k}`),
    );
  }
  if (typeof expected === "string") {
    const volatile = [ISO_TIME, ULID, HEX_ID].some((re) => re.test(expected));
    if (volatile)
      return [ISO_TIME, ULID, HEX_ID].some((re) => re.test(expected) && re.test(actual as string))
        ? []
        : [`${at}: expected a value like ${short(expected)}, got ${short(actual)}`];
    return expected === actual ? [] : [`${at}: expected ${short(expected)}, got ${short(actual)}`];
  }
  if (typeof expected === "number" && TIME_NUMBER_KEYS.has(key)) return [];
  return expected === actual ? [] : [`${at}: expected ${short(expected)}, got ${short(actual)}`];
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
