// Builds a Config from the environment, /data/options.json and the command line; every problem at once.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../core/errors.js";
import { LocalTime } from "../core/local-time.js";
import type { Config, MqttSetting, Options, RunMode } from "./config.js";
import { validateOptions } from "./validate-options.js";

export interface ConfigInput {
  env: Record<string, string | undefined>;
  /**
   * "demo" runs on the simulator; "run" connects to Home Assistant; "offline" is for commands
   * that only work on the data dir (import, rollup, detect, analytics): no connection required.
   */
  command: "run" | "demo" | "offline";
  /** --time-zone from the command line. */
  timeZone?: string;
  cwd: string;
  readFile?: (file: string) => string | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export function loadConfig(input: ConfigInput): Config {
  const { env } = input;
  const read = input.readFile ?? ((f: string) => (existsSync(f) ? readFileSync(f, "utf8") : undefined));
  const problems: string[] = [];
  const supervisorToken = env.SUPERVISOR_TOKEN;
  const mode: RunMode = input.command === "demo" ? "demo" : supervisorToken ? "supervisor" : "standalone";

  const dataDir = path.resolve(input.cwd, env.DATA_DIR ?? (mode === "supervisor" ? "/data" : "./data"));
  const optionsFile = env.OPTIONS_FILE ?? (mode === "supervisor" ? path.join(dataDir, "options.json") : undefined);
  let rawOptions: Record<string, unknown> = {};
  if (optionsFile) {
    const text = read(optionsFile);
    if (text === undefined) {
      if (mode === "supervisor" || env.OPTIONS_FILE) problems.push(`options file ${optionsFile} not found`);
    } else {
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) rawOptions = parsed;
        else problems.push(`options file ${optionsFile} must hold a JSON object`);
      } catch (err) {
        problems.push(`options file ${optionsFile} is not valid JSON: ${(err as Error).message}`);
      }
    }
  }
  const { values, problems: optionProblems } = validateOptions(rawOptions);
  problems.push(...optionProblems);
  const options = values as Options;

  const port = parsePort(env.PORT, problems);
  const host = env.HOST ?? (mode === "supervisor" ? "0.0.0.0" : "127.0.0.1");
  const apiToken = env.API_TOKEN || undefined;
  if (mode !== "supervisor" && !LOOPBACK.has(host) && !apiToken) {
    problems.push(`HOST=${host} is reachable from the network: set API_TOKEN so the API is not open to everyone`);
  }

  let homeAssistant: Config["homeAssistant"];
  let supervisor: Config["supervisor"];
  let mqtt: MqttSetting = { kind: "none" };
  if (mode === "supervisor") {
    const base = env.SUPERVISOR_URL ?? "http://supervisor";
    supervisor = { url: base, token: supervisorToken! };
    homeAssistant = {
      websocketUrl: `${base.replace(/^http/, "ws")}/core/websocket`,
      restUrl: `${base}/core/api`,
      token: supervisorToken!,
    };
    mqtt = env.MQTT_URL ? { kind: "url", url: env.MQTT_URL } : { kind: "supervisor" };
  } else if (mode === "standalone" && input.command === "run") {
    if (!env.HA_URL)
      problems.push("HA_URL is required (e.g. http://homeassistant.local:8123), or use `home-patterns demo`");
    if (!env.HA_TOKEN)
      problems.push("HA_TOKEN is required: a long-lived access token from your Home Assistant profile");
    if (env.HA_URL) {
      const urls = haUrls(env.HA_URL);
      if (!urls) problems.push(`HA_URL is not a valid http(s) or ws(s) URL: ${env.HA_URL}`);
      else if (env.HA_TOKEN) homeAssistant = { ...urls, token: env.HA_TOKEN };
    }
  }
  if (mode !== "supervisor" && env.MQTT_URL) {
    if (!/^(mqtts?|wss?|tcp):\/\//.test(env.MQTT_URL))
      problems.push(`MQTT_URL must start with mqtt:// or mqtts://, got ${env.MQTT_URL}`);
    else mqtt = { kind: "url", url: env.MQTT_URL, username: env.MQTT_USERNAME, password: env.MQTT_PASSWORD };
  }

  const timeZone = input.timeZone || options.time_zone || env.TZ || undefined;
  const timeZoneSource = input.timeZone
    ? "--time-zone"
    : options.time_zone
      ? "time_zone option"
      : env.TZ
        ? "TZ environment variable"
        : undefined;
  if (timeZone && !LocalTime.isValidZone(timeZone)) problems.push(`time zone ${timeZone} is not a known IANA zone`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    dataDir,
    http: { host, port, apiToken, ingressOnly: mode === "supervisor", allowedHosts: hostList(env.ALLOWED_HOSTS) },
    homeAssistant,
    supervisor,
    mqtt,
    timeZone,
    timeZoneSource,
    options,
  };
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined || value === "") return 8099;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`PORT must be a number from 0 to 65535, got ${value}`);
    return 8099;
  }
  return n;
}

function haUrls(raw: string): { websocketUrl: string; restUrl: string } | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) return undefined;
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  const hostPart = `${url.host}${url.pathname.replace(/\/(api\/websocket)?\/?$/, "")}`;
  return {
    websocketUrl: `${secure ? "wss" : "ws"}://${hostPart}/api/websocket`,
    restUrl: `${secure ? "https" : "http"}://${hostPart}/api`,
  };
}

/** "nas.lan, Home.Example:8099" → ["nas.lan", "home.example"]: names only, the port is not part of the check. */
function hostList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase().replace(/:\d+$/, ""))
    .filter((h) => h !== "");
}
