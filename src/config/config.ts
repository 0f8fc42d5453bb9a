// The typed configuration the app is built from.
import type { OPTION_SCHEMA } from "./option-schema.js";

type Schema = typeof OPTION_SCHEMA;

/** "a|b" → "a" | "b". */
type Alternatives<S extends string> = S extends `${infer A}|${infer Rest}` ? A | Alternatives<Rest> : S;

/** The value a Supervisor schema type ("int(1,60)", "[str]", "list(low|high)", "url?") holds once validated. */
type ValueOf<T extends string> = T extends `${infer Inner}?`
  ? ValueOf<Inner>
  : T extends `[${infer Item}]`
    ? ValueOf<Item>[]
    : T extends `list(${infer Names})`
      ? Alternatives<Names>
      : T extends "bool"
        ? boolean
        : T extends `int${string}` | `float${string}` | "port"
          ? number
          : string;

type OptionalName = { [K in keyof Schema]: Schema[K]["type"] extends `${string}?` ? K : never }[keyof Schema];

/**
 * The add-on's options after validation, derived from OPTION_SCHEMA: an option added there is
 * typed here at once. Options whose type ends in "?" have no default and may be absent.
 */
export type Options = {
  -readonly [K in Exclude<keyof Schema, OptionalName>]: ValueOf<Schema[K]["type"]>;
} & {
  -readonly [K in OptionalName]?: ValueOf<Schema[K]["type"]>;
};

/** The options that hold free text (names, URLs, passwords). */
export type TextOptionName = {
  [K in keyof Options]-?: NonNullable<Options[K]> extends string
    ? string extends NonNullable<Options[K]>
      ? K
      : never
    : never;
}[keyof Options];

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
  /** IANA zone from --time-zone, else the time_zone option, else TZ; when unset the home's own zone (Home Assistant's) is used. */
  timeZone?: string;
  /** Where timeZone came from, for the log and the panel. */
  timeZoneSource?: "--time-zone" | "time_zone option" | "TZ environment variable";
  options: Options;
}
