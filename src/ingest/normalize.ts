// Checks and cleans an event from any source; anything malformed becomes a reason, not a crash.
import type { HomeEvent } from "../core/home-event.js";
import { parseIsoWithZone } from "../core/iso-time.js";

// Home Assistant's own entity id rule: a domain and an object id, lowercase letters, digits, underscores.
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/** Home Assistant's device classes are lowercase words joined by underscores ("garage_door"). */
const DEVICE_CLASS = /^[a-z][a-z0-9_]{0,63}$/;
/**
 * A unit as Home Assistant's attributes name one ("°C", "kWh", "µg/m³", "m³/h"): printable text of
 * up to 32 characters without surrounding spaces (units are free text: templates and MQTT name their own).
 */
const UNIT = /^(?! )[^\p{Cc}]{1,32}(?<! )$/u;
/** Home Assistant refuses entity ids and states longer than this; so do we, rather than cut them. */
export const MAX_HA_TEXT = 255;
/** Nothing a home records comes from before this: such a time is a clock or an export gone wrong. */
export const EARLIEST_EVENT_MS = Date.UTC(2000, 0, 1);
/** A device clock may run a little ahead; more than this is a bad time, not an event to keep. */
export const MAX_FUTURE_MS = 24 * 3_600_000;

/**
 * Why an event was refused: a short, stable phrase that summaries and /api/stats count by.
 * `detail` says which value, for the log and the first few lines of an import summary.
 */
export type Refusal = { reason: string; detail: string };

export type Normalized = { ok: true; event: HomeEvent } | ({ ok: false } & Refusal);

const refuse = (reason: string, detail: string): Normalized => ({ ok: false, reason, detail });

/** `now` is the ingesting clock's time: events more than a day after it are refused. */
export function normalizeEvent(raw: unknown, now: number): Normalized {
  if (raw === null || typeof raw !== "object") return refuse("not an event", "not an object");
  const r = raw as Record<string, unknown>;
  const time = checkTime(r.ts, now);
  if (!time.ok) return time;
  const entity = checkEntityText(r.entity);
  if (entity) return refuse(entity.reason, entity.detail);
  const state = checkState(r.state, "state");
  if (!state.ok) return refuse(state.reason, `${state.detail} for ${r.entity}`);
  if (typeof r.source !== "string" || r.source === "") return refuse("missing source", "missing source");
  const event: HomeEvent = { ts: time.ms, entity: r.entity as string, state: state.text, source: r.source };
  // An impossible previous state (over HA's limit) is unknown rather than a reason to lose the change.
  const previous = r.previous === undefined || r.previous === null ? undefined : checkState(r.previous, "previous");
  if (previous?.ok) event.previous = previous.text;
  if (typeof r.user === "string" && r.user) event.user = r.user;
  if (typeof r.parent === "string" && r.parent) event.parent = r.parent;
  if (typeof r.context === "string" && r.context) event.context = r.context;
  // Only ever words: a class that is not one is left out, the change is kept.
  if (typeof r.deviceClass === "string" && DEVICE_CLASS.test(r.deviceClass)) event.deviceClass = r.deviceClass;
  // Shown beside the number: a unit that is not printable text is left out, the change is kept.
  if (typeof r.unit === "string" && UNIT.test(r.unit)) event.unit = r.unit;
  return { ok: true, event };
}

/** Epoch ms (a number, or an ISO string with a zone) inside [2000, now + 1 day]. */
export function checkTime(value: unknown, now: number): { ok: true; ms: number } | ({ ok: false } & Refusal) {
  let ms: number;
  if (typeof value === "string") {
    const parsed = parseIsoWithZone(value);
    if (!parsed.ok) {
      const reason = parsed.kind === "format" ? "not an ISO 8601 time with a zone" : "impossible time";
      return { ok: false, reason, detail: `${parsed.problem}: ${clip(value)}` };
    }
    ms = parsed.ms;
  } else if (typeof value === "number" && Number.isFinite(value)) {
    ms = Math.round(value);
  } else {
    return { ok: false, reason: "impossible time", detail: `not a time: ${clip(value)}` };
  }
  if (ms < EARLIEST_EVENT_MS)
    return { ok: false, reason: "time before 2000", detail: `time before 2000: ${new Date(ms).toISOString()}` };
  if (ms > now + MAX_FUTURE_MS) {
    const shown = Number.isNaN(new Date(ms).getTime()) ? String(ms) : new Date(ms).toISOString();
    return { ok: false, reason: "time more than a day ahead", detail: `time more than a day ahead: ${shown}` };
  }
  return { ok: true, ms };
}

/** Null when the entity id is one Home Assistant would accept. */
export function checkEntityText(value: unknown): Refusal | null {
  if (typeof value !== "string") return { reason: "bad entity id", detail: `not an entity id: ${clip(value)}` };
  if (value.length > MAX_HA_TEXT) {
    return {
      reason: `entity id over ${MAX_HA_TEXT} characters`,
      detail: `entity id of ${value.length} characters: ${clip(value)}`,
    };
  }
  if (!ENTITY_ID.test(value)) return { reason: "bad entity id", detail: `not an entity id: ${clip(value)}` };
  return null;
}

function checkState(value: unknown, what: string): { ok: true; text: string } | ({ ok: false } & Refusal) {
  let text: string;
  if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "boolean") text = value ? "on" : "off";
  else if (typeof value === "string") text = value;
  else return { ok: false, reason: "bad state", detail: `bad ${what}` };
  if (text.length > MAX_HA_TEXT) {
    return {
      ok: false,
      reason: `state over ${MAX_HA_TEXT} characters`,
      detail: `${what} of ${text.length} characters`,
    };
  }
  return { ok: true, text };
}

/** A value short enough for a log line. */
function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}
