// The one file that imports the InfluxDB client: line protocol, writes to 2.x (/api/v2/write) or 1.x (/write), and Flux queries for the import.
import { createRequire } from "node:module";
import type { HttpError, InfluxDB } from "@influxdata/influxdb-client";
import { redactUrl } from "../engine-status.js";
import type { InfluxSettings } from "./influx-settings.js";

export interface PointSpec {
  measurement: string;
  /** Empty or missing tag values are left out (InfluxDB has no empty tags). */
  tags: Record<string, string | null | undefined>;
  /** Numbers are written as floats, strings as strings. */
  fields: Record<string, string | number>;
  /** Epoch milliseconds. */
  ts: number;
}

export interface InfluxConnection {
  readonly target: string;
  /** Writes lines of line protocol with millisecond timestamps. */
  write(lines: readonly string[]): Promise<void>;
  /** Deletes every series whose `tag` has this value, in every measurement (forgetting an entity). */
  deleteSeries(tag: string, value: string): Promise<void>;
}

/** InfluxDB answered the write with an HTTP error. */
export class InfluxWriteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "InfluxWriteError";
  }
}

type InfluxClientModule = typeof import("@influxdata/influxdb-client");
let clientModule: InfluxClientModule | undefined;

/**
 * The client is loaded the first time a point is written, not at start: an install without
 * InfluxDB never holds it. Loaded with require because line protocol is built synchronously
 * where events are committed.
 */
function influxClient(): InfluxClientModule {
  clientModule ??= createRequire(import.meta.url)("@influxdata/influxdb-client") as InfluxClientModule;
  return clientModule;
}

export function toLineProtocol(spec: PointSpec): string {
  const point = new (influxClient().Point)(spec.measurement);
  for (const [name, value] of Object.entries(spec.tags)) if (value) point.tag(name, value);
  for (const [name, value] of Object.entries(spec.fields)) {
    if (typeof value === "number") point.floatField(name, value);
    else point.stringField(name, value);
  }
  point.timestamp(spec.ts);
  const line = point.toLineProtocol();
  if (line === undefined) throw new Error(`point of ${spec.measurement} has no fields`);
  return line;
}

export interface InfluxConnectionOptions {
  timeoutMs?: number;
}

/**
 * InfluxDB 1.x is written through its own /write endpoint rather than 2.x's /api/v2/write: that
 * one only exists from 1.8 on, and /write works on every 1.x (and on 2.x's compatibility API).
 */
export function createInfluxConnection(
  settings: InfluxSettings,
  options: InfluxConnectionOptions = {},
): InfluxConnection {
  const timeout = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8" };
  let client: InfluxDB;
  let path: string;
  let target: string;
  const { InfluxDB } = influxClient();
  if (settings.version === 2) {
    client = new InfluxDB({ url: settings.url, token: settings.token, timeout });
    path = `/api/v2/write?${new URLSearchParams({ org: settings.org, bucket: settings.bucket, precision: "ms" })}`;
    target = `${redactUrl(settings.url)} (bucket ${settings.bucket})`;
  } else {
    client = new InfluxDB({ url: settings.url, timeout });
    path = `/write?${new URLSearchParams({ db: settings.database, precision: "ms" })}`;
    if (settings.username !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ""}`).toString("base64")}`;
    }
    target = `${redactUrl(settings.url)} (database ${settings.database})`;
  }
  const v2 = settings.version === 2 ? settings : undefined;
  const v1 = settings.version === 2 ? undefined : settings;
  return {
    target,
    async deleteSeries(tag, value) {
      try {
        if (v2) {
          // 2.x deletes by predicate over a time range: all of time.
          const body = JSON.stringify({
            start: "1970-01-01T00:00:00Z",
            stop: "2262-01-01T00:00:00Z",
            predicate: `${tag}="${value.replace(/"/g, '\\"')}"`,
          });
          const query = new URLSearchParams({ org: v2.org, bucket: v2.bucket });
          await client.transport.request(`/api/v2/delete?${query}`, body, {
            method: "POST",
            headers: { ...headers, "Content-Type": "application/json" },
          });
        } else if (v1) {
          const q = `DROP SERIES WHERE "${tag.replace(/"/g, '\\"')}" = '${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
          const query = new URLSearchParams({ db: v1.database, q });
          await client.transport.request(`/query?${query}`, "", {
            method: "POST",
            headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          });
        }
      } catch (err) {
        if (err instanceof influxClient().HttpError)
          throw new InfluxWriteError(err.statusCode, `HTTP ${err.statusCode}: ${serverMessage(err)}`);
        throw err;
      }
    },
    async write(lines) {
      if (lines.length === 0) return;
      try {
        await client.transport.request(path, lines.join("\n"), { method: "POST", headers, gzipThreshold: 4096 });
      } catch (err) {
        if (err instanceof influxClient().HttpError)
          throw new InfluxWriteError(err.statusCode, `HTTP ${err.statusCode}: ${serverMessage(err)}`);
        throw err;
      }
    },
  };
}

/** InfluxDB puts its reason in a JSON body ({"error": ...} in 1.x, {"message": ...} in 2.x). */
function serverMessage(err: HttpError): string {
  try {
    const body = JSON.parse(err.body ?? "") as { error?: string; message?: string };
    return body.error ?? body.message ?? err.message;
  } catch {
    return err.body || err.message;
  }
}

/** One row of a Flux result: its raw values and its table's columns, as annotated CSV gave them. */
export interface FluxRow {
  values: string[];
  columns: readonly { label: string; dataType: string; defaultValue: string }[];
}

/** InfluxDB refused or failed a query: an HTTP error, or an error table in the result. */
export class InfluxQueryError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = "InfluxQueryError";
  }
}

/**
 * Runs a Flux query against 2.x's /api/v2/query and yields its rows as the response streams in:
 * the client parses the annotated CSV chunk by chunk, and the next chunk is read only when the
 * rows before it were taken. An error table (columns error, reference) becomes an InfluxQueryError.
 */
export async function* queryFlux(
  settings: { url: string; token: string; org: string; timeoutMs?: number },
  flux: string,
): AsyncGenerator<FluxRow> {
  const { InfluxDB, HttpError } = influxClient();
  const api = new InfluxDB({
    url: settings.url,
    token: settings.token,
    timeout: settings.timeoutMs ?? 60_000,
  }).getQueryApi(settings.org);
  try {
    for await (const row of api.iterateRows(flux)) {
      const columns = row.tableMeta.columns;
      if (columns[0]?.label === "error" && columns[1]?.label === "reference")
        throw new InfluxQueryError(null, `the query failed: ${row.values[0] ?? "no reason given"}`);
      yield { values: row.values, columns };
    }
  } catch (err) {
    if (err instanceof HttpError)
      throw new InfluxQueryError(err.statusCode, `HTTP ${err.statusCode}: ${serverMessage(err)}`);
    throw err;
  }
}
