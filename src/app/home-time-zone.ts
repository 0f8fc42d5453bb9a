// Which zone local days are counted in: the option, else the home's own (Home Assistant or the simulated home), else the last one learned, else the system's.
import type { Config } from "../config/config.js";
import type { CursorStore } from "../storage/event-store.js";
import type { BuiltSources } from "./build-sources.js";

/** Stored with the cursors so offline commands (rollup, detect) count days as the service does. */
const KEY = "home:time_zone";

export function homeTimeZone(
  config: Config,
  built: Pick<BuiltSources, "timeZone" | "ha">,
  cursors: CursorStore,
): string {
  return (
    config.timeZone ??
    built.timeZone ??
    built.ha?.homeConfig()?.timeZone ??
    cursors.get(KEY) ??
    (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC")
  );
}

export function rememberTimeZone(cursors: CursorStore, zone: string): void {
  if (cursors.get(KEY) !== zone) cursors.set(KEY, zone);
}

export function rememberedTimeZone(cursors: CursorStore): string | undefined {
  return cursors.get(KEY);
}
