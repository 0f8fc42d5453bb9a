// How numbers, sizes, times and durations read in the panel (the browser's locale, the home's time zone).

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** "1 event", "5,999 events": the count and its noun in the number it takes. */
export function formatCounted(n: number, one: string, many = `${one}s`): string {
  return `${integer.format(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${units[unit]}`;
}

export function formatPercent(fraction: number): string {
  return `${integer.format(fraction * 100)}%`;
}

/**
 * Times read in the home's zone (from /api/health), so "10:55" in a summary written by the service
 * and the time beside it agree even when the browser sits elsewhere; the browser's zone until known.
 */
const zone: { name: string | undefined } = { name: undefined };

export function useHomeTimeZone(name: string | undefined): void {
  zone.name = name;
}

/** The home's IANA zone once /api/health has told it. */
export function homeTimeZone(): string | undefined {
  return zone.name;
}

/**
 * Always 24-hour: the service's summaries say "around 06:44" and "went on at 00:50", so the time
 * beside them must not read "12:50 AM" in a 12-hour locale.
 */
export function formatTime(ts: number): string {
  return new Date(ts).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone.name,
  });
}

export function formatDateTime(ts: number): string {
  return new Date(ts).toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone.name,
  });
}

export function formatDay(ts: number): string {
  return new Date(ts).toLocaleDateString(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: zone.name,
  });
}

export function formatAgo(ts: number, now: number = Date.now()): string {
  const sec = Math.round((now - ts) / 1000);
  if (sec < 45) return "just now";
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86_400) return `${Math.round(sec / 3600)} h ago`;
  return `${Math.round(sec / 86_400)} d ago`;
}

/** How long something took: "850 ms", "7.4 s", "2 min". */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${integer.format(ms)} ms`;
  if (ms < 60_000) return `${oneDecimal.format(ms / 1000)} s`;
  return formatDuration(ms / 1000);
}

/** "Jun 3 – Jun 16 (14 days)" from local days "YYYY-MM-DD", oldest first. */
export function formatDayRange(days: readonly string[]): string {
  if (days.length === 0) return "no days yet";
  return dayRangeText(days[0], days[days.length - 1], days.length);
}

/** The same from the oldest and newest local day held, every day between counted. */
export function formatDaySpan(oldest: string, newest: string, today?: string): string {
  const count = Math.round((Date.parse(`${newest}T12:00:00Z`) - Date.parse(`${oldest}T12:00:00Z`)) / 86_400_000) + 1;
  // Today is under way: "7 days and today" beside "kept 7 days", not "8 days".
  if (newest === today) {
    const span = count === 1 ? "today" : `${formatCounted(count - 1, "day")} and today`;
    return dayRangeText(oldest, newest, count, span);
  }
  return dayRangeText(oldest, newest, count);
}

function dayRangeText(oldest: string, newest: string, count: number, span = formatCounted(count, "day")): string {
  // Noon UTC and shown in UTC: the calendar day itself, whatever the browser's zone.
  const short = (day: string) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  return oldest === newest ? `${short(oldest)} (${span})` : `${short(oldest)} – ${short(newest)} (${span})`;
}

/** A span of seconds as the panel says it: "40 s", "12 min", "1 h 5 min", "2 d 2 h". */
export function formatDuration(sec: number): string {
  if (Math.round(sec) < 60) return `${Math.round(sec)} s`;
  // Rounded once, then split: 7,170 s is "2 h", not "1 h 60 min".
  const minutes = Math.round(sec / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const m = minutes % 60;
    return m ? `${Math.floor(minutes / 60)} h ${m} min` : `${Math.floor(minutes / 60)} h`;
  }
  // Past a day, days and hours: "2 d 2 h", not "50 h 3 min".
  const hours = Math.round(sec / 3600);
  const h = hours % 24;
  return h ? `${Math.floor(hours / 24)} d ${h} h` : `${Math.floor(hours / 24)} d`;
}

/** "light.kitchen_ceiling" → "Kitchen ceiling" when the registry gives no name. */
export function entityLabel(entityId: string, name?: string | null): string {
  if (name) return name;
  const object = entityId.slice(entityId.indexOf(".") + 1).replace(/_/g, " ");
  return object.charAt(0).toUpperCase() + object.slice(1);
}

const ENTITY_ID = /\b[a-z_]+\.[a-z0-9_]+\b/g;

/** A sentence the server wrote with entity ids ("switch.bathroom_fan went on") told with their names. */
export function withNames(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(ENTITY_ID, (id) => names.get(id) ?? id);
}

/** Entity ids to the names Home Assistant gives them (ids without a name are left out). */
export function entityNames(
  list: readonly { entityId: string; name: string | null }[] | undefined,
): Map<string, string> {
  return new Map((list ?? []).filter((e) => e.name).map((e) => [e.entityId, e.name as string]));
}

const PATTERN_TYPE_LABELS: Record<string, string> = {
  time_based: "Time of day",
  co_occurrence: "One follows another",
  sequence: "Sequence",
  room_based: "Rooms",
  duration: "How long",
  anomaly: "Unreliable device",
  session: "Household activity",
  day_type: "Weekdays and weekends",
  contextual: "Sun, presence, weather",
  seasonal: "Seasons",
  automation_quiet: "Automation gone quiet",
};

/** What a pattern type means to a person, not its id. */
export function patternTypeLabel(type: string): string {
  return PATTERN_TYPE_LABELS[type] ?? humanize(type);
}

const BUDGET_STATES: Record<string, string> = {
  ok: "Within budget",
  near: "Near the budget",
  over: "Over the budget",
  disk_full: "Disk full",
};

export function budgetStateLabel(state: string): string {
  return BUDGET_STATES[state] ?? humanize(state);
}

export function humanize(id: string): string {
  const words = id.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
