// The history Home Assistant's influxdb integration wrote to InfluxDB 1.x as a record source: one series at a time, in time order.
import type { HomeEvent } from "../../core/home-event.js";
import type { RecordChunk, RecordSource } from "./record-importer.js";

export const INFLUXDB_SOURCE = "import:influxdb";
const DEFAULT_CHUNK = 5_000;

export interface InfluxHistorySettings {
  /** e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  username?: string;
  password?: string;
  chunkPoints?: number;
  fetch?: typeof fetch;
}

interface Series {
  measurement: string;
  domain: string;
  objectId: string;
}

/**
 * Home Assistant writes one measurement per unit (or per entity without one), tags `domain` and
 * `entity_id` (the object id, without the domain), and the state in `value` (numbers) or `state`
 * (text); a text attribute such as the device class goes in a field with `_str` appended
 * (`device_class_str`), or in a tag of its own name when listed in `tags_attributes`. Each series is read with `time > last` pages, so the position "series index:last ms"
 * resumes exactly; within a series times are unique.
 */
export function influxHistorySource(settings: InfluxHistorySettings): RecordSource {
  const chunk = Math.max(1, Math.floor(settings.chunkPoints ?? DEFAULT_CHUNK));
  const doFetch = settings.fetch ?? fetch;
  const target = `${settings.url.replace(/\/$/, "")} (database ${settings.database})`;
  const query = async (q: string): Promise<{ columns: string[]; values: unknown[][] }[]> => {
    const params = new URLSearchParams({ db: settings.database, q, epoch: "ms" });
    const headers: Record<string, string> = {};
    if (settings.username !== undefined)
      headers.Authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ""}`).toString("base64")}`;
    const res = await doFetch(`${settings.url.replace(/\/$/, "")}/query?${params}`, { headers });
    const body = (await res.json()) as {
      error?: string;
      results?: { error?: string; series?: { columns: string[]; values: unknown[][] }[] }[];
    };
    const error = body.error ?? body.results?.[0]?.error;
    if (!res.ok || error) throw new Error(`InfluxDB answered ${res.status}: ${error ?? "no results"}`);
    return body.results?.[0]?.series ?? [];
  };
  let seriesCache: Series[] | undefined;
  const listSeries = async (): Promise<Series[]> => {
    if (seriesCache) return seriesCache;
    const rows = (await query("SHOW SERIES")).flatMap((s) => s.values.map((v) => String(v[0])));
    seriesCache = rows
      .map(parseSeriesKey)
      .filter((s): s is Series => s !== null)
      .sort((a, b) => (seriesId(a) < seriesId(b) ? -1 : 1));
    return seriesCache;
  };
  const parsePosition = (after: string | undefined) => {
    const m = /^(\d+):(-?\d+)$/.exec(after ?? "");
    return m ? { index: Number(m[1]), lastMs: Number(m[2]) } : { index: 0, lastMs: Number.NaN };
  };
  return {
    target,
    async count(after) {
      const series = await listSeries();
      const { index } = parsePosition(after);
      let n = 0;
      for (const s of series.slice(index)) {
        const r = await query(`SELECT count(*) FROM ${ident(s.measurement)} WHERE ${tagFilter(s)}`);
        const row = r[0]?.values[0] ?? [];
        n += Math.max(0, ...row.slice(1).map((v) => Number(v) || 0));
      }
      return n;
    },
    async *chunks(after) {
      const series = await listSeries();
      let { index, lastMs } = parsePosition(after);
      for (; index < series.length; index++, lastMs = Number.NaN) {
        const s = series[index]!;
        const entity = `${s.domain}.${s.objectId}`;
        for (;;) {
          const since = Number.isNaN(lastMs) ? "" : ` AND time > ${lastMs}ms`;
          const r = await query(
            `SELECT "value", "state", "device_class_str", "device_class" FROM ${ident(s.measurement)} WHERE ${tagFilter(s)}${since} ORDER BY time LIMIT ${chunk}`,
          );
          const rows = r[0]?.values ?? [];
          if (rows.length === 0) break;
          const columns = r[0]!.columns;
          const at = (name: string) => columns.indexOf(name);
          const out: RecordChunk = { events: [], rejected: [], records: rows.length, position: "" };
          for (const row of rows) {
            const ts = Number(row[at("time")]);
            const text = row[at("state")];
            const value = row[at("value")];
            const state = typeof text === "string" ? text : typeof value === "number" ? String(value) : null;
            if (state === null || !Number.isFinite(ts)) {
              out.rejected.push({ at: `${entity} at ${row[at("time")]}`, reason: "no state or value" });
              continue;
            }
            const event: HomeEvent = { ts, entity, state, source: INFLUXDB_SOURCE };
            // As a live state carries it: points come in time order, so the entity keeps its latest.
            const deviceClass = row[at("device_class_str")] ?? row[at("device_class")];
            if (typeof deviceClass === "string" && deviceClass !== "") event.deviceClass = deviceClass;
            out.events.push(event);
          }
          lastMs = Number(rows[rows.length - 1]![at("time")]);
          out.position = `${index}:${lastMs}`;
          yield out;
          if (rows.length < chunk) break;
        }
      }
    },
  };
}

function seriesId(s: Series): string {
  return `${s.measurement}\u0000${s.domain}\u0000${s.objectId}`;
}

/** "°C,domain=sensor,entity_id=living_room" → its measurement and tags; series without both tags are not Home Assistant's. */
function parseSeriesKey(key: string): Series | null {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === "\\" && i + 1 < key.length) {
      current += key[++i];
    } else if (c === ",") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  const [measurement, ...tags] = parts;
  const tag = (name: string) => tags.find((t) => t.startsWith(`${name}=`))?.slice(name.length + 1);
  const domain = tag("domain");
  const objectId = tag("entity_id");
  if (!measurement || !domain || !objectId) return null;
  return { measurement, domain, objectId };
}

function ident(name: string): string {
  return `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function tagFilter(s: Series): string {
  return `"domain" = ${literal(s.domain)} AND "entity_id" = ${literal(s.objectId)}`;
}
