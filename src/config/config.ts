// The typed configuration the app is built from.

export interface Options {
  log_level: "debug" | "info" | "warning" | "error";
  time_zone?: string;
  raw_retention_days: number;
  daily_retention_days: number;
  weekly_retention_weeks: number;
  storage_budget_mb: number;
  include_domains: string[];
  exclude_domains: string[];
  include_entities: string[];
  exclude_entities: string[];
  mqtt_topics: string[];
  mqtt_discovery_prefix: string;
  history_import_days: number;
  /** Further options added by later features are carried here until typed. */
  [key: string]: unknown;
}

export type RunMode = "supervisor" | "standalone" | "demo";

export type MqttSetting =
  | { kind: "none" }
  | { kind: "url"; url: string; username?: string; password?: string }
  /** Credentials are asked from the Supervisor at start (GET /services/mqtt). */
  | { kind: "supervisor" };

export interface Config {
  mode: RunMode;
  dataDir: string;
  http: {
    host: string;
    port: number;
    /** Standalone on a non-loopback address: every API call must carry this bearer token. */
    apiToken?: string;
    /** Under the Supervisor only its ingress proxy may connect. */
    ingressOnly: boolean;
    /** Host names besides the listening address and localhost that the browser may use (ALLOWED_HOSTS). */
    allowedHosts: string[];
  };
  homeAssistant?: {
    websocketUrl: string;
    restUrl: string;
    token: string;
  };
  supervisor?: { url: string; token: string };
  mqtt: MqttSetting;
  /** IANA zone from options or --time-zone or TZ; Home Assistant's own zone wins when connected and this is unset. */
  timeZone?: string;
  options: Options;
}
