// What Home Assistant's influxdb integration wrote to InfluxDB 2.x, read through Flux a UTC day at a time, in time order, as a record source.
import type { HomeEvent } from "../../core/home-event.js";
import { column, type FluxResultRow, fluxTime } from "./flux-result-row.js";
import { lastDeviceClassesFlux, ownDeviceClass, readLatestDeviceClasses } from "./influxdb2-device-classes.js";
import type { RecordChunk, RecordSource } from "./record-importer.js";

export const INFLUXDB2_SOURCE = "import:influxdb2";
const DEFAULT_CHUNK = 5_000;
const DAY_MS = 86_400_000;

export interface Influx2HistorySettings {
  /** For messages: where InfluxDB is (without credentials) and which bucket. */
  url: string;
  bucket: string;
  /** Runs one Flux query and streams its rows (the one client file's queryFlux, bound to url, org and token). */
  query: (flux: string) => AsyncIterable<FluxResultRow>;
  now: () => number;
  chunkRows?: number;
}

/** Where to go on: rows at `time` with a key up to `key` were stored; a window's end has no key. */
interface Position {
  time: string;
  key?: [string, string, string];
}

/**
 * Home Assistant writes one measurement per unit (or per entity or domain), tags `domain` and
 * `entity_id` (the object id), and the state in `value` (numbers, and 1/0 for on/off and the like)
 * and/or `state` (text). Each UTC day is asked for separately, its two fields pivoted into one row
 * per change and sorted by (time, domain, entity_id, measurement) on the server, so a position of
 * "time and key of the last stored row" resumes exactly and the server never sorts more than a day.
 * The device class comes from the row itself (a device_class tag, a `<domain>__<class>`
 * measurement) or, for the default device_class_str field, from one query per import.
 */
export function influx2HistorySource(settings: Influx2HistorySettings): RecordSource {
  const chunkRows = Math.max(1, Math.floor(settings.chunkRows ?? DEFAULT_CHUNK));
  const bucket = fluxString(settings.bucket);
  const haSeries = `from(bucket: ${bucket})
  |> range(start: %START%, stop: %STOP%)
  |> filter(fn: (r) => r._field == "state" or r._field == "value")
  |> filter(fn: (r) => exists r.domain and exists r.entity_id)`;
  const select = (start: string, stop: string) => haSeries.replace("%START%", start).replace("%STOP%", stop);
  const until = () => rfc3339(Math.floor(settings.now() / DAY_MS) * DAY_MS + 2 * DAY_MS);

  /** The first time Home Assistant wrote, or undefined for an empty bucket. */
  const earliest = async (): Promise<string | undefined> => {
    const flux = `${select("1970-01-01T00:00:00Z", until())}
  |> first()
  |> group()
  |> min(column: "_time")
  |> keep(columns: ["_time"])`;
    for await (const row of settings.query(flux)) return column(row, "_time") || undefined;
    return undefined;
  };

  return {
    target: `${settings.url.replace(/\/$/, "")} (bucket ${settings.bucket})`,
    /**
     * For progress only: counted per series and field on the server (one table each, no pivot
     * over the whole history); a change written as both state and value counts once.
     */
    async count(after) {
      const start = parsePosition(after)?.time ?? "1970-01-01T00:00:00Z";
      const perSeries = new Map<string, number>();
      for await (const row of settings.query(`${select(start, until())}\n  |> count()`)) {
        const key = JSON.stringify([column(row, "_measurement"), column(row, "domain"), column(row, "entity_id")]);
        perSeries.set(key, Math.max(perSeries.get(key) ?? 0, Number(column(row, "_value")) || 0));
      }
      return [...perSeries.values()].reduce((n, c) => n + c, 0);
    },
    async *chunks(after) {
      let position = parsePosition(after);
      if (!position) {
        const first = await earliest();
        if (first === undefined) return;
        position = { time: rfc3339(Math.floor(fluxTime(first).ms / DAY_MS) * DAY_MS) };
      }
      const fieldClasses = await readLatestDeviceClasses(
        settings.query(lastDeviceClassesFlux(bucket, position.time, until())),
      );
      const now = settings.now();
      for (let start = position.time; fluxTime(start).ms < now; ) {
        // Today ends now: what Home Assistant writes after it is read by the next import.
        const stop = rfc3339(Math.min(Math.floor(fluxTime(start).ms / DAY_MS) * DAY_MS + DAY_MS, now));
        const skip = position?.key ? { ns: fluxTime(start).ns, key: position.key } : undefined;
        position = undefined;
        const flux = `${select(start, stop)}
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
  |> group()
  |> keep(columns: ["_time", "_measurement", "domain", "entity_id", "state", "value", "device_class"])
  |> sort(columns: ["_time", "domain", "entity_id", "_measurement"])`;
        let chunk = emptyChunk();
        // Only tables with a device_class tag have the column: the others skip looking for it.
        let columns: FluxResultRow["columns"] | undefined;
        let tagged = false;
        for await (const row of settings.query(flux)) {
          if (row.columns !== columns) {
            columns = row.columns;
            tagged = columns.some((c) => c.label === "device_class");
          }
          const time = column(row, "_time");
          const key: [string, string, string] = [
            column(row, "domain"),
            column(row, "entity_id"),
            column(row, "_measurement"),
          ];
          if (skip && fluxTime(time).ns === skip.ns && compareKeys(key, skip.key) <= 0) continue;
          chunk.records++;
          const [domain, objectId, measurement] = key;
          const entity = `${domain}.${objectId}`;
          const deviceClass =
            ownDeviceClass(domain, measurement, tagged ? column(row, "device_class") : "") ?? fieldClasses.get(entity);
          toEvent(chunk, time, entity, column(row, "state"), column(row, "value"), deviceClass);
          if (chunk.records >= chunkRows) {
            chunk.position = JSON.stringify([time, ...key]);
            yield chunk;
            chunk = emptyChunk();
          }
        }
        // The day is done: the next one starts at its end, with nothing to skip.
        chunk.position = JSON.stringify([stop]);
        yield chunk;
        start = stop;
      }
    },
  };
}

function emptyChunk(): RecordChunk {
  return { events: [], rejected: [], records: 0, position: "" };
}

function toEvent(
  chunk: RecordChunk,
  time: string,
  entity: string,
  text: string,
  value: string,
  deviceClass: string | undefined,
) {
  // Text first: an "on" is also written as value 1.
  const number = value === "" ? Number.NaN : Number(value);
  const state = text !== "" ? text : Number.isFinite(number) ? String(number) : null;
  const ts = time ? fluxTime(time).ms : Number.NaN;
  if (state === null || !Number.isFinite(ts)) {
    chunk.rejected.push({ at: `${entity} at ${time}`, reason: "no state or value" });
    return;
  }
  // The class as a live state carries it (the registry keeps the latest), in the event as it is
  // made: adding it afterwards costs every event a second step.
  const source = INFLUXDB2_SOURCE;
  const event: HomeEvent = deviceClass ? { ts, entity, state, source, deviceClass } : { ts, entity, state, source };
  chunk.events.push(event);
}

function parsePosition(after: string | undefined): Position | undefined {
  if (!after) return undefined;
  const parsed = JSON.parse(after) as string[];
  const [time, domain, objectId, measurement] = parsed;
  if (typeof time !== "string") throw new Error(`not an InfluxDB 2 import position: ${after}`);
  return domain === undefined ? { time } : { time, key: [domain, objectId ?? "", measurement ?? ""] };
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** A Flux string literal: backslash, quote and the interpolation dollar escaped. */
function fluxString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$/g, "\\$")}"`;
}
