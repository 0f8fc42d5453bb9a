// The add-on's options: one source of truth for config.yaml, translations and validation.

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

export const OPTION_SCHEMA: Record<string, OptionSpec> = {
  log_level: {
    type: "list(debug|info|warning|error)",
    default: "info",
    name: "Log level",
    description: "How much the add-on writes to its log.",
  },
  time_zone: {
    type: "str?",
    name: "Time zone",
    description:
      "IANA zone for local days (e.g. Europe/Berlin). Leave empty to use Home Assistant's own time zone.",
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
      "Topics to read events from, e.g. zigbee2mqtt/+ for zigbee2mqtt devices. Empty reads only from Home Assistant.",
  },
  mqtt_discovery_prefix: {
    type: "str",
    default: "homeassistant",
    name: "MQTT discovery prefix",
    description: "Prefix Home Assistant's MQTT integration listens on for discovery.",
  },
  history_import_days: {
    type: "int(0,30)",
    default: 3,
    name: "History to import at first start (days)",
    description:
      "At the first start, and after a disconnect, read this much of Home Assistant's recorded history.",
  },
};

export type OptionName = keyof typeof OPTION_SCHEMA;

/** The `options:` block of config.yaml: every option that has a default. */
export function defaultOptions(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTION_SCHEMA)) {
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
