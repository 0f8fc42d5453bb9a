// Checks and cleans an event from any source; anything malformed becomes a reason, not a crash.
import type { HomeEvent } from "../core/home-event.js";

// Home Assistant's own entity id rule: a domain and an object id, lowercase letters, digits, underscores.
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const MAX_STATE = 255; // HA caps states at 255 characters too

export type Normalized = { ok: true; event: HomeEvent } | { ok: false; reason: string };

export function normalizeEvent(raw: unknown): Normalized {
  if (raw === null || typeof raw !== "object") return { ok: false, reason: "not an object" };
  const r = raw as Record<string, unknown>;
  const ts = typeof r.ts === "string" ? Date.parse(r.ts) : r.ts;
  if (typeof ts !== "number" || !Number.isFinite(ts) || ts <= 0)
    return { ok: false, reason: `bad time ${JSON.stringify(r.ts)}` };
  if (typeof r.entity !== "string" || !ENTITY_ID.test(r.entity)) {
    return { ok: false, reason: `bad entity id ${JSON.stringify(r.entity)}` };
  }
  const state = stateText(r.state);
  if (state === undefined) return { ok: false, reason: `bad state for ${r.entity}` };
  if (typeof r.source !== "string" || r.source === "") return { ok: false, reason: "missing source" };
  const event: HomeEvent = { ts: Math.round(ts), entity: r.entity, state, source: r.source };
  const previous = r.previous === undefined || r.previous === null ? undefined : stateText(r.previous);
  if (previous !== undefined) event.previous = previous;
  if (typeof r.user === "string" && r.user) event.user = r.user;
  if (typeof r.parent === "string" && r.parent) event.parent = r.parent;
  if (typeof r.context === "string" && r.context) event.context = r.context;
  return { ok: true, event };
}

function stateText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value !== "string") return undefined;
  return value.length > MAX_STATE ? value.slice(0, MAX_STATE) : value;
}
