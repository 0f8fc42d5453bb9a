// Which zone the home's days are counted in, and where it came from, as the log and the panel say.
import { describe, expect, it } from "vitest";
import { homeTimeZone } from "../../src/app/home-time-zone.js";
import { loadConfig } from "../../src/config/load-config.js";

const cursors = (map: Record<string, string> = {}) => ({
  get: (k: string) => map[k],
  set: (k: string, v: string) => {
    map[k] = v;
  },
});
const config = (env: Record<string, string>, timeZone?: string) =>
  loadConfig({
    env: { HA_URL: "http://ha:8123", HA_TOKEN: "t", ...env },
    command: "run",
    cwd: "/",
    timeZone,
    readFile: (f) => (f === "/opt/options.json" ? JSON.stringify({ time_zone: "Asia/Tokyo" }) : undefined),
  });
const ha = (timeZone: string) => ({ homeConfig: () => ({ timeZone }) }) as never;

describe("the home's time zone", () => {
  it("names --time-zone, the option and TZ as its source, in that order", () => {
    const withOption = { OPTIONS_FILE: "/opt/options.json", TZ: "Europe/Paris" };
    expect(homeTimeZone(config(withOption, "America/Chicago"), {}, cursors())).toEqual({
      name: "America/Chicago",
      source: "--time-zone",
    });
    expect(homeTimeZone(config(withOption), {}, cursors())).toEqual({
      name: "Asia/Tokyo",
      source: "time_zone option",
    });
    expect(homeTimeZone(config({ TZ: "Europe/Paris" }), { ha: ha("Europe/Berlin") }, cursors())).toEqual({
      name: "Europe/Paris",
      source: "TZ environment variable",
    });
  });

  it("without any of them, Home Assistant's, else the last start's, else the system's", () => {
    expect(homeTimeZone(config({}), { ha: ha("Europe/Berlin") }, cursors())).toEqual({
      name: "Europe/Berlin",
      source: "Home Assistant",
    });
    expect(homeTimeZone(config({}), {}, cursors({ "home:time_zone": "Europe/Rome" }))).toEqual({
      name: "Europe/Rome",
      source: "the last start (Home Assistant has not answered yet)",
    });
    expect(homeTimeZone(config({}), {}, cursors()).source).toBe("the system");
  });
});
