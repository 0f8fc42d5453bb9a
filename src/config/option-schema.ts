// The add-on's options: one source of truth for config.yaml, translations and validation.
import { PATTERN_TYPES } from "../patterns/finding.js";

/**
 * `type` uses the Supervisor's own schema language (supervisor/apps/options.py), so config.yaml's
 * `schema:` is generated from this table and validated here with the same rules. A type ending
 * in "?" is optional and then has no default (the Supervisor requires that).
 */
export interface OptionSpec {
  type: string;
  /** The value written to config.yaml `options:`; absent for optional options. */
  default?: unknown;
  /** Short label (translations/en.yaml `name`). */
  name: string;
  /** One or two sentences for the add-on's Configuration tab. */
  description: string;
}

/** "a|b|c" from a tuple of names: the literal type of what `names.join("|")` gives at run time. */
type Joined<T extends readonly string[]> = T extends readonly [
  infer H extends string,
  ...infer R extends readonly string[],
]
  ? R extends readonly []
    ? H
    : `${H}|${Joined<R>}`
  : string;

const DETECTORS_TYPE = `[list(${PATTERN_TYPES.join("|")})]` as `[list(${Joined<typeof PATTERN_TYPES>})]`;

/** Each option's type is kept as a literal, so config.ts derives the typed Options from this table. */
export const OPTION_SCHEMA = {
  log_level: {
    type: "list(debug|info|warning|error)",
    default: "info",
    name: "Log level",
    description: "How much the add-on writes to its log.",
  },
  time_zone: {
    type: "str?",
    name: "Time zone",
    description: "IANA zone for local days (e.g. Europe/Berlin). Leave empty to use Home Assistant's own time zone.",
  },
  raw_retention_days: {
    type: "int(1,60)",
    default: 7,
    name: "Raw events retention (days)",
    description: "How long every raw event is kept before only its daily aggregates remain.",
  },
  daily_retention_days: {
    type: "int(7,730)",
    default: 90,
    name: "Daily aggregates retention (days)",
    description: "How long per-day aggregates are kept.",
  },
  weekly_retention_weeks: {
    type: "int(4,260)",
    default: 52,
    name: "Weekly and monthly aggregates retention (weeks)",
    description: "How long weekly and monthly aggregates are kept.",
  },
  storage_budget_mb: {
    type: "int(50,100000)",
    default: 1024,
    name: "Storage budget (MB)",
    description:
      "The most disk space Home Patterns may use. Near the budget the oldest archive, then raw events already rolled up, then the oldest daily aggregates are removed.",
  },
  include_domains: {
    type: "[str]",
    default: [],
    name: "Include domains",
    description: "Only learn from these domains (e.g. light, switch). Empty means all.",
  },
  exclude_domains: {
    type: "[str]",
    default: [],
    name: "Exclude domains",
    description: "Never learn from these domains.",
  },
  include_entities: {
    type: "[str]",
    default: [],
    name: "Include entities",
    description: "Only learn from entities matching these globs (e.g. light.kitchen_*). Empty means all.",
  },
  exclude_entities: {
    type: "[str]",
    default: [],
    name: "Exclude entities",
    description: "Never learn from entities matching these globs (e.g. sensor.*_power).",
  },
  mqtt_topics: {
    type: "[str]",
    default: [],
    name: "MQTT topics",
    description:
      "Topics to read events from, e.g. zigbee2mqtt/+ for zigbee2mqtt devices. A device Home Assistant already knows is read from Home Assistant only. Empty reads only from Home Assistant.",
  },
  mqtt_discovery_prefix: {
    type: "str",
    default: "homeassistant",
    name: "MQTT discovery prefix",
    description: "Prefix Home Assistant's MQTT integration listens on for discovery.",
  },
  remove_stale_entities: {
    type: "bool",
    default: true,
    name: "Remove stale entities",
    description:
      "Remove Home Patterns' own entities that it no longer publishes (a forgotten routine, a deleted area, entities of an older release) from Home Assistant's entity registry, and its own devices left without entities from the device registry, so none stays behind as unavailable. Turn off to remove them yourself.",
  },
  history_import_days: {
    type: "int(0,30)",
    default: 3,
    name: "History to import at first start (days)",
    description: "At the first start, and after a disconnect, read this much of Home Assistant's recorded history.",
  },
  import_recorder_at_first_start: {
    type: "bool",
    default: false,
    name: "Import the recorder database at first start",
    description:
      "Once, at the first start after this is turned on, read all of Home Assistant's recorder database (home-assistant_v2.db, mapped read-only) so habits show from the first day. To stay light it does not reopen days already archived (older than the raw events retention): their recorder events are not added; the home-patterns import command, run with the add-on stopped, merges them.",
  },
  detectors: {
    type: DETECTORS_TYPE,
    default: [...PATTERN_TYPES],
    name: "Detectors",
    description:
      "Which kinds of habits to look for. Remove one to stop it producing patterns; the data it needs is still collected, so adding it back later loses nothing.",
  },
  min_confidence: {
    type: "float(0,1)",
    default: 0.6,
    name: "Minimum confidence",
    description:
      "Findings below this confidence (0 to 1) are not kept as patterns, so they appear nowhere: not in the panel, the sensors or the automation suggestions.",
  },
  max_patterns: {
    type: "int(10,5000)",
    default: 200,
    name: "Maximum patterns",
    description:
      "The most patterns kept in the catalog; when it is full the least useful go first. Patterns you accepted always stay.",
  },
  max_patterns_per_entity: {
    type: "int(1,50)",
    default: 3,
    name: "Maximum patterns per entity",
    description:
      "The most habits shown for any one entity, so one busy light cannot fill the catalog. What an automation already does with it is listed beside them, once per state the automation sets.",
  },
  anomaly_sensitivity: {
    type: "list(low|medium|high)",
    default: "medium",
    name: "Anomaly sensitivity",
    description:
      "How unusual something must be before it is reported: low reports only clear breaks from habit, high also reports small ones.",
  },
  influxdb_url: {
    type: "url?",
    name: "InfluxDB URL",
    description:
      "Optional. Also write every event (measurement home_patterns_events) and every anomaly (home_patterns_anomalies) to InfluxDB, e.g. http://a0d7b954-influxdb:8086. Then set the token, organization and bucket for InfluxDB 2.x, or the database for 1.x.",
  },
  influxdb_token: {
    type: "password?",
    name: "InfluxDB token",
    description: "InfluxDB 2.x API token with write access to the bucket.",
  },
  influxdb_org: {
    type: "str?",
    name: "InfluxDB organization",
    description: "InfluxDB 2.x organization that owns the bucket.",
  },
  influxdb_bucket: {
    type: "str?",
    name: "InfluxDB bucket",
    description: "InfluxDB 2.x bucket to write to.",
  },
  influxdb_database: {
    type: "str?",
    name: "InfluxDB 1.x database",
    description: "For InfluxDB 1.x instead of token, organization and bucket: the database to write to.",
  },
  influxdb_username: {
    type: "str?",
    name: "InfluxDB 1.x user",
    description: "For InfluxDB 1.x: the user name, when the database requires one.",
  },
  influxdb_password: {
    type: "password?",
    name: "InfluxDB 1.x password",
    description: "For InfluxDB 1.x: the password of that user.",
  },
  redis_url: {
    type: "url?",
    name: "Redis URL",
    description:
      "Optional. Publish every stored batch of events, every anomaly and every pattern change as JSON on the channels home_patterns:events, home_patterns:anomalies and home_patterns:patterns, and keep the pattern catalog in the hash home_patterns:patterns, e.g. redis://:password@192.168.1.20:6379/0.",
  },
  neo4j_url: {
    type: "url?",
    name: "Neo4j URL",
    description:
      "Optional. Mirror the context graph (people, areas, devices, entities, automations, patterns and how they relate) to Neo4j 4.4 or newer every minute, e.g. bolt://192.168.1.20:7687.",
  },
  neo4j_username: {
    type: "str?",
    name: "Neo4j user",
    description: "Neo4j user name (often neo4j).",
  },
  neo4j_password: {
    type: "password?",
    name: "Neo4j password",
    description: "Password of the Neo4j user.",
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTION_SCHEMA;

/** The `options:` block of config.yaml: every option that has a default. */
export function defaultOptions(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTION_SCHEMA) as [string, OptionSpec][]) {
    if (spec.default !== undefined) out[key] = spec.default;
  }
  return out;
}

/** The `schema:` block of config.yaml. */
export function supervisorSchema(): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, spec] of Object.entries(OPTION_SCHEMA)) {
    const list = /^\[(.+)\]$/.exec(spec.type);
    out[key] = list ? [list[1]] : spec.type;
  }
  return out;
}
