// The zone an offline command counts days in: as given, else the one the service last learned from Home Assistant.
import { rememberedTimeZone } from "../app/home-time-zone.js";
import type { Config } from "../config/config.js";
import type { CursorStore } from "../storage/event-store.js";

export function offlineTimeZone(config: Config, cursors: CursorStore): string {
  return config.timeZone ?? rememberedTimeZone(cursors) ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
}
