// Settings: every problem is listed at once; Supervisor, standalone and demo each get what they need.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { ConfigError } from "../../src/core/errors.js";

const files = (map: Record<string, string>) => (f: string) => map[f];

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("runs the demo with defaults on ./data and port 8099", () => {
    const config = loadConfig({ env: { TZ: "Europe/Berlin" }, command: "demo", cwd: "/home/me/hp" });
    expect(config).toMatchObject({
      mode: "demo",
      dataDir: "/home/me/hp/data",
      http: { host: "127.0.0.1", port: 8099, ingressOnly: false, allowedHosts: [] },
      mqtt: { kind: "none" },
      timeZone: "Europe/Berlin",
    });
    expect(config.options.raw_retention_days).toBe(7);
    expect(config.options.daily_retention_days).toBe(90);
  });

  it("honours PORT and DATA_DIR", () => {
    const config = loadConfig({ env: { PORT: "9000", DATA_DIR: "/tmp/x" }, command: "demo", cwd: "/" });
    expect([config.http.port, config.dataDir]).toEqual([9000, "/tmp/x"]);
  });

  it("under the Supervisor reads /data/options.json and uses the Supervisor's proxies", () => {
    const config = loadConfig({
      env: { SUPERVISOR_TOKEN: "abc" },
      command: "run",
      cwd: "/",
      readFile: files({
        "/data/options.json": JSON.stringify({ raw_retention_days: 3, mqtt_topics: ["zigbee2mqtt/+"] }),
      }),
    });
    expect(config).toMatchObject({
      mode: "supervisor",
      dataDir: "/data",
      http: { host: "0.0.0.0", port: 8099, ingressOnly: true, allowedHosts: [] },
      homeAssistant: {
        websocketUrl: "ws://supervisor/core/websocket",
        restUrl: "http://supervisor/core/api",
        token: "abc",
      },
      supervisor: { url: "http://supervisor", token: "abc" },
      mqtt: { kind: "supervisor" },
    });
    expect(config.options.raw_retention_days).toBe(3);
    expect(config.options.mqtt_topics).toEqual(["zigbee2mqtt/+"]);
  });

  it("standalone turns HA_URL into the websocket and REST addresses", () => {
    const config = loadConfig({
      env: { HA_URL: "https://ha.example.org:8123/", HA_TOKEN: "t", MQTT_URL: "mqtt://broker:1883" },
      command: "run",
      cwd: "/",
    });
    expect(config.homeAssistant).toEqual({
      websocketUrl: "wss://ha.example.org:8123/api/websocket",
      restUrl: "https://ha.example.org:8123/api",
      token: "t",
    });
    expect(config.mqtt).toEqual({ kind: "url", url: "mqtt://broker:1883", username: undefined, password: undefined });
  });

  it("lists every problem at once", () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: { SUPERVISOR_TOKEN: "abc", PORT: "http" },
        command: "run",
        cwd: "/",
        readFile: files({
          "/data/options.json": JSON.stringify({
            raw_retention_days: 0,
            log_level: "loud",
            include_domains: "light",
            colour: "blue",
            time_zone: "Mars/Olympus",
          }),
        }),
      }),
    );
    expect(problems).toEqual([
      "colour: unknown option",
      'log_level: expected one of debug, info, warning, error, got "loud"',
      "raw_retention_days: must be at least 1, got 0",
      'include_domains: expected a list, got "light"',
      "PORT must be a number from 0 to 65535, got http",
      "time zone Mars/Olympus is not a known IANA zone",
    ]);
  });

  it("removes stale entities unless told not to, and takes only true or false for it", () => {
    const run = (options: Record<string, unknown>) =>
      loadConfig({
        env: { SUPERVISOR_TOKEN: "abc" },
        command: "run",
        cwd: "/",
        readFile: files({ "/data/options.json": JSON.stringify(options) }),
      });
    expect(run({}).options.remove_stale_entities).toBe(true);
    expect(run({ remove_stale_entities: false }).options.remove_stale_entities).toBe(false);
    expect(problemsOf(() => run({ remove_stale_entities: "no" }))).toEqual([
      'remove_stale_entities: expected true or false, got "no"',
    ]);
  });

  it("standalone without Home Assistant settings says what to set", () => {
    expect(problemsOf(() => loadConfig({ env: {}, command: "run", cwd: "/" }))).toEqual([
      "HA_URL is required (e.g. http://homeassistant.local:8123), or use `home-patterns demo`",
      "HA_TOKEN is required: a long-lived access token from your Home Assistant profile",
    ]);
  });

  it("refuses an open network address without an API token", () => {
    expect(problemsOf(() => loadConfig({ env: { HOST: "0.0.0.0" }, command: "demo", cwd: "/" }))).toEqual([
      "HOST=0.0.0.0 is reachable from the network: set API_TOKEN so the API is not open to everyone",
    ]);
  });

  it("reports an options file that is not JSON", () => {
    expect(
      problemsOf(() =>
        loadConfig({
          env: { SUPERVISOR_TOKEN: "x" },
          command: "run",
          cwd: "/",
          readFile: files({ "/data/options.json": "{" }),
        }),
      )[0],
    ).toMatch(/^options file \/data\/options.json is not valid JSON/);
  });
});
