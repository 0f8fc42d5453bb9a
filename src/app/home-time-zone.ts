// Which zone local days are counted in: the option, else the home's own (Home Assistant or the simulated home), else the last one learned, else the system's.
import type { Config } from "../config/config.js";
import type { CursorStore } from "../storage/event-store.js";
import type { BuiltSources } from "./build-sources.js";

/** Stored with the cursors so offline commands (rollup, detect) count days as the service does. */
const KEY = "home:time_zone";

export interface HomeTimeZone {
  name: string;
  /** Where it came from: "time_zone option", "Home Assistant", "the system", …, shown in the log and the panel. */
  source: string;
}

export function homeTimeZone(
  config: Config,
  built: Pick<BuiltSources, "timeZone" | "ha">,
  cursors: CursorStore,
): HomeTimeZone {
  if (config.timeZone) return { name: config.timeZone, source: config.timeZoneSource ?? "time_zone option" };
  if (built.timeZone) return { name: built.timeZone, source: "simulated home" };
  const ha = built.ha?.homeConfig()?.timeZone;
  if (ha) return { name: ha, source: "Home Assistant" };
  const remembered = cursors.get(KEY);
  if (remembered) return { name: remembered, source: "the last start (Home Assistant has not answered yet)" };
  return { name: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", source: "the system" };
}

export function rememberTimeZone(cursors: CursorStore, zone: string): void {
  if (cursors.get(KEY) !== zone) cursors.set(KEY, zone);
}

export function rememberedTimeZone(cursors: CursorStore): string | undefined {
  return cursors.get(KEY);
}
