// The JSON the API answers with, shared by the route modules and the panel (ui/src/data).
import type { AppEvents } from "../app-events.js";
import type { ServiceHealthFinding } from "../core/service-health.js";
import type { IngestCounters } from "../ingest/ingest-pipeline.js";
import type { SourceStatus } from "../sources/event-source.js";

export type { IngestCounters, SourceStatus };

export type HealthState = "ok" | "degraded" | "error";

/** A Home Patterns instance on the MQTT broker, as its presence announces it. */
export interface InstanceSummary {
  /** Kept in the instance's data dir across restarts. */
  id: string;
  host: string;
  version: string;
  /** Epoch ms. */
  startedAt: number;
  /** publishing: announces the entities to Home Assistant; standby: leaves them to the publishing one. */
  role: "starting" | "standby" | "publishing";
}

/** Which instance publishes to Home Assistant when several share one MQTT broker. */
export interface InstancesHealth {
  self: InstanceSummary;
  /** The other instances on the broker, the publishing one first. */
  others: InstanceSummary[];
  /**
   * The MQTT broker as this instance reaches it: connecting (not yet, since the start),
   * connected, or disconnected (lost, or not reached within 30 s of the start).
   */
  broker: "connecting" | "connected" | "disconnected";
}

export interface StoreHealth {
  name: string;
  status: HealthState;
  detail: string;
  /** sqlite only: rows whose ids are in no dictionary, removed at open (per table) and skipped by readers since. */
  danglingRows?: { removedAtOpen: Record<string, number>; skippedOnRead: number };
  /** When what the detail tells happened (epoch ms), e.g. the last rollup; the panel shows it in the home's zone. */
  at?: number;
}

export interface HealthResponse {
  status: HealthState;
  version: string;
  /** The zone the home's local days and times are counted in: the panel shows times in it. */
  timeZone: string;
  /** Where that zone came from: "--time-zone", "time_zone option", "TZ environment variable", "Home Assistant", "simulated home", "the last start (Home Assistant has not answered yet)" or "the system". */
  timeZoneSource: string;
  uptimeSec: number;
  sources: SourceStatus[];
  stores: StoreHealth[];
  /** Problems of the service itself that self-watching has open (kind service_health). */
  serviceHealth: ServiceHealthFinding[];
  /** With an MQTT broker: this instance and the others on the broker (standby degrades the status). */
  instances?: InstancesHealth;
}

export interface HourCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  count: number;
}

export interface StatsResponse {
  total: number;
  oldest: number | null;
  newest: number | null;
  bySource: Record<string, number>;
  byDomain: Record<string, number>;
  /** The last 24 hours, oldest first, the current hour last; hours without events count 0. */
  perHour: HourCount[];
  storeSizeBytes: number;
  ingest: IngestCounters;
}

export interface EntitySummary {
  entityId: string;
  name: string | null;
  domain: string;
  /** Effective area id (own, else device's) and its name. */
  areaId: string | null;
  areaName: string | null;
  deviceId: string | null;
  platform: string | null;
  entityCategory: string | null;
  disabled: boolean;
  /** Known to Home Assistant's registry (false for entities only seen in events). */
  inRegistry: boolean;
  lastEventAt: number | null;
  /** Raw, as stored ("on"); the panel shows it in Home Assistant's words by `deviceClass`. */
  lastState: string | null;
  /** The device class its state attributes named ("door", "motion"), null when none is known. */
  deviceClass: string | null;
  /**
   * The unit its state attributes named (unit_of_measurement: "°C", "W"), the latest one seen;
   * null when none is known. Numeric states (`lastState`, timeline states) are in this unit.
   */
  unit: string | null;
  /** Events of this entity held in L1. */
  events: number;
}

export interface TimelineEvent {
  ts: number;
  state: string;
  previous: string | null;
  source: string;
  user: string | null;
  /** Caused by an automation or script (a context parent). */
  automated: boolean;
}

export interface TimelineResponse {
  entityId: string;
  /** The entity's unit (as in EntitySummary): its numeric states are in it; null when none is known. */
  unit: string | null;
  from: number;
  to: number;
  /** Oldest first; at most `limit` of the newest events in the window. */
  events: TimelineEvent[];
  truncated: boolean;
}

/** Where a profile was computed from: the L2 daily aggregates, or raw L1 events. */
export type ProfileSource = "l2" | "l1";

export interface HeatmapResponse {
  entityId: string;
  source: ProfileSource;
  /** Local days covered, oldest first. */
  days: string[];
  /** cells[weekday][hour]: events, weekday 0 = Monday (the home's time zone). */
  cells: number[][];
}

export interface DurationBin {
  /** Lower and upper bound of the bin in seconds (upper null for the open last bin). */
  fromSec: number;
  toSec: number | null;
  count: number;
}

export interface DurationsResponse {
  entityId: string;
  source: ProfileSource;
  days: string[];
  /** Completed intervals in an active state ("on", "open", "playing", "home"). */
  intervals: number;
  medianSec: number | null;
  bins: DurationBin[];
}

export interface AreaSummary {
  areaId: string;
  name: string;
  floorId: string | null;
  entities: number;
}

export interface AreaActivity {
  areaId: string;
  name: string;
  /** Events per hour of week, 168 values, Monday 00:00 first. */
  hourOfWeek: number[];
  total: number;
}

export interface AreaTransition {
  from: string;
  to: string;
  count: number;
}

export interface AreaActivityResponse {
  source: ProfileSource;
  days: string[];
  areas: AreaActivity[];
  transitions: AreaTransition[];
}

/** One message of GET /api/live (Server-Sent Events): the event name and its JSON data. */
export type LiveEventName = keyof AppEvents | "ready";
export type LiveMessage = { [K in keyof AppEvents]: { event: K; data: AppEvents[K] } }[keyof AppEvents];
export interface LiveReady {
  /** Server time when the stream opened, epoch ms. */
  now: number;
  /** Server ms per real ms: 1, or how much faster the demo's simulated home lives. */
  speed: number;
}

export interface ErrorResponse {
  error: string;
}
