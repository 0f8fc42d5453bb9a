// A stand-in for InfluxDB 2.x's POST /api/v2/query that answers the importer's Flux queries in annotated CSV as InfluxDB writes it.
//
// InfluxDB 2.x cannot be built or installed here, so this answers exactly the four queries the
// importer sends (the first time written, a count per series, each series' last device_class_str,
// one UTC day pivoted and sorted) over points shaped like Home Assistant's influxdb integration
// writes them. Its CSV follows InfluxDB's encoder: CRLF line ends, #datatype, #group and #default
// annotations, a header per schema, an empty line after the result, error tables for failures
// during the query, JSON bodies with code and message for refused requests. test/fixtures/influxdb2
// holds the hand-written answers it must match; its README says from which sources.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A point as Home Assistant writes it: measurement (unit or entity), tags domain and entity_id, fields. */
export interface HaPoint {
  measurement: string;
  domain: string;
  objectId: string;
  /** Tags beside domain and entity_id: the attributes named in `tags_attributes` (device_class), or `tags`. */
  tags?: Record<string, string>;
  fields: Record<string, number | string>;
  /** RFC 3339 with up to nine fraction digits. */
  time: string;
}

export interface FakeInfluxdb2Options {
  org: string;
  bucket: string;
  token: string;
  points: HaPoint[];
  /** Ends the answer to a day query after this many rows with an error table, as InfluxDB does when a query fails part way. */
  failDay?: { start: string; afterRows: number; message: string };
  /** Answers every query with this status and JSON body (a refusal as InfluxDB 2.x words it). */
  refuse?: { status: number; body: { code: string; message: string } };
}

export interface FakeInfluxdb2 {
  url: string;
  /** The Flux text of every query, in order. */
  queries: string[];
  /** Answers being written right now (a streamed answer stays open until the client reads it). */
  openAnswers(): number;
  close(): Promise<void>;
}

const CRLF = "\r\n";

export async function startFakeInfluxdb2(options: FakeInfluxdb2Options): Promise<FakeInfluxdb2> {
  const queries: string[] = [];
  let open = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const json = (status: number, body: object) => {
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
        res.end(`${JSON.stringify(body)}\n`);
      };
      if (req.method !== "POST" || url.pathname !== "/api/v2/query")
        return json(404, { code: "not found", message: "path not found" });
      if (req.headers.authorization !== `Token ${options.token}`)
        return json(401, { code: "unauthorized", message: "unauthorized access" });
      if (options.refuse) return json(options.refuse.status, options.refuse.body);
      const org = url.searchParams.get("org");
      if (org !== options.org) return json(404, { code: "not found", message: `organization name "${org}" not found` });
      let body: { query?: string; dialect?: { annotations?: string[] } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return json(400, { code: "invalid", message: "failed to decode request body: invalid character" });
      }
      const query = body.query ?? "";
      queries.push(query);
      const bucket = /from\(bucket: "((?:[^"\\]|\\.)*)"\)/.exec(query)?.[1]?.replace(/\\(.)/g, "$1");
      if (bucket !== options.bucket)
        return json(404, {
          code: "not found",
          message: `failed to initialize execute state: could not find bucket "${bucket}"`,
        });
      const answer = answerFor(query, options);
      if (!answer)
        return json(400, {
          code: "invalid",
          message: "compilation failed: the fake knows only the importer's queries",
        });
      res.writeHead(200, { "Content-Type": "text/csv; charset=utf-8" });
      open++;
      res.on("close", () => open--);
      void writeStreamed(res, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    openAnswers: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes line by line, waiting whenever the socket is full: a client that stops reading holds the answer open. */
async function writeStreamed(res: http.ServerResponse, lines: Iterable<string>): Promise<void> {
  for (const line of lines) {
    if (res.destroyed) return;
    if (!res.write(line)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}

interface Column {
  label: string;
  type: "string" | "long" | "double" | "dateTime:RFC3339";
}

/** One result's table in InfluxDB's encoding: annotations, header, rows, then the empty line that ends the result. */
function* table(columns: Column[], rows: Iterable<(string | number | undefined)[]>): Generator<string> {
  let header = false;
  for (const row of rows) {
    if (!header) {
      yield `#datatype,string,long,${columns.map((c) => c.type).join(",")}${CRLF}`;
      yield `#group,false,false,${columns.map(() => "false").join(",")}${CRLF}`;
      yield `#default,_result,,${columns.map(() => "").join(",")}${CRLF}`;
      yield `,result,table,${columns.map((c) => c.label).join(",")}${CRLF}`;
      header = true;
    }
    yield `,,0,${row.map(cell).join(",")}${CRLF}`;
  }
  yield CRLF;
}

/** A cell as Go's CSV writer quotes it; floats as Go formats them (shortest, no exponent for ordinary values). */
function cell(value: string | number | undefined): string {
  if (value === undefined) return "";
  const text = typeof value === "number" ? String(value) : value;
  return /[",\r\n]/.test(text) || text.startsWith(" ") ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The error table InfluxDB writes when a query fails after its answer began. */
function* errorTable(message: string): Generator<string> {
  yield `#datatype,string,string${CRLF}`;
  yield `#group,true,true${CRLF}`;
  yield `#default,,${CRLF}`;
  yield `,error,reference${CRLF}`;
  yield `,${cell(message)},${CRLF}`;
}

function answerFor(query: string, options: FakeInfluxdb2Options): Iterable<string> | undefined {
  const range = /range\(start: ([0-9TZ:.-]+), stop: ([0-9TZ:.-]+)\)/.exec(query);
  if (!range) return undefined;
  const [start, stop] = [ns(range[1]!), ns(range[2]!)];
  const within = options.points.filter((p) => {
    const t = ns(p.time);
    return t >= start && t < stop;
  });
  if (query.includes('filter(fn: (r) => r._field == "device_class_str")') && query.endsWith("|> last()"))
    return lastDeviceClassTables(within, range[1]!, range[2]!);
  if (!query.includes('r._field == "state" or r._field == "value"')) return undefined;
  const inRange = within.filter((p) => "state" in p.fields || "value" in p.fields);
  if (query.includes("|> first()")) {
    const first = inRange.map((p) => p.time).sort((a, b) => (ns(a) < ns(b) ? -1 : 1))[0];
    return table([{ label: "_time", type: "dateTime:RFC3339" }], first ? [[first]] : []);
  }
  if (query.endsWith("|> count()")) return countTables(inRange, range[1]!, range[2]!);
  const rows = pivot(inRange);
  if (!query.includes('sort(columns: ["_time", "domain", "entity_id", "_measurement"])')) return undefined;
  const columns: Column[] = [
    { label: "_time", type: "dateTime:RFC3339" },
    { label: "_measurement", type: "string" },
    { label: "domain", type: "string" },
    { label: "entity_id", type: "string" },
  ];
  // Pivot adds a column per field found; group() then unions the tables' columns (a tag only
  // some series have, such as device_class, becomes a column too); keep() drops what it does not name.
  if (rows.some((r) => r.state !== undefined)) columns.push({ label: "state", type: "string" });
  if (rows.some((r) => r.value !== undefined)) columns.push({ label: "value", type: "double" });
  const kept = keptColumns(query);
  const tagLabels = [...new Set(rows.flatMap((r) => Object.keys(r.tags)))].sort();
  for (const label of tagLabels) if (kept?.includes(label)) columns.push({ label, type: "string" });
  const cells = rows.map((r) =>
    columns.map((c) =>
      c.label === "_time"
        ? r.time
        : c.label === "_measurement"
          ? r.measurement
          : c.label === "domain" || c.label === "entity_id" || c.label === "state" || c.label === "value"
            ? r[c.label]
            : r.tags[c.label],
    ),
  );
  const fail = options.failDay && ns(options.failDay.start) === start ? options.failDay : undefined;
  if (!fail) return table(columns, cells);
  // The rows written before the failure, the empty line that ends them, then the error's own table.
  return (function* () {
    if (fail.afterRows > 0) yield* table(columns, cells.slice(0, fail.afterRows));
    yield* errorTable(fail.message);
    yield CRLF;
  })();
}

/**
 * count() keeps each series' tables apart: one table per measurement, tags and field, in the
 * storage's series-key order, its group key (_start, _stop, _field, _measurement and the tags)
 * marked in #group; tables that share a schema share one header.
 */
function countTables(points: HaPoint[], start: string, stop: string): Generator<string> {
  const counts = new Map<string, { point: HaPoint; field: string; n: number }>();
  for (const p of points) {
    for (const field of ["state", "value"].filter((f) => f in p.fields)) {
      const id = JSON.stringify([...seriesOrder(p), field]);
      const entry = counts.get(id) ?? { point: p, field, n: 0 };
      entry.n++;
      counts.set(id, entry);
    }
  }
  const sorted = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
  return seriesTables(
    sorted.map(({ point, field, n }) => {
      const tags = tagsOf(point);
      return {
        columns: [
          { label: "_start", type: "dateTime:RFC3339", group: true },
          { label: "_stop", type: "dateTime:RFC3339", group: true },
          { label: "_field", type: "string", group: true },
          { label: "_measurement", type: "string", group: true },
          ...tags.map(([label]) => ({ label, type: "string" as const, group: true })),
          { label: "_value", type: "long", group: false },
        ],
        row: [start, stop, field, point.measurement, ...tags.map(([, v]) => v), n],
      };
    }),
  );
}

/**
 * last() over the device_class_str field: per series (measurement and tags) the row of its latest
 * point, columns as from() gives them (_start, _stop, _time, _value, _field, _measurement, the tags
 * by name), the group key marked in #group; tables that share a schema share one header.
 */
function lastDeviceClassTables(points: HaPoint[], start: string, stop: string): Generator<string> {
  const latest = new Map<string, HaPoint>();
  for (const p of points) {
    if (typeof p.fields.device_class_str !== "string") continue;
    const id = JSON.stringify(seriesOrder(p));
    const known = latest.get(id);
    if (!known || ns(p.time) >= ns(known.time)) latest.set(id, p);
  }
  const sorted = [...latest.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, p]) => p);
  return seriesTables(
    sorted.map((p) => {
      const tags = tagsOf(p);
      return {
        columns: [
          { label: "_start", type: "dateTime:RFC3339", group: true },
          { label: "_stop", type: "dateTime:RFC3339", group: true },
          { label: "_time", type: "dateTime:RFC3339", group: false },
          { label: "_value", type: "string", group: false },
          { label: "_field", type: "string", group: true },
          { label: "_measurement", type: "string", group: true },
          ...tags.map(([label]) => ({ label, type: "string" as const, group: true })),
        ],
        row: [
          start,
          stop,
          p.time,
          p.fields.device_class_str,
          "device_class_str",
          p.measurement,
          ...tags.map(([, v]) => v),
        ],
      };
    }),
  );
}

interface SeriesTable {
  columns: (Column & { group: boolean })[];
  row: (string | number | undefined)[];
}

/**
 * One-row tables numbered from 0 as InfluxDB's encoder writes them: annotations and a header
 * whenever the columns change (after an empty line), then the empty line that ends the result.
 */
function* seriesTables(tables: SeriesTable[]): Generator<string> {
  let schema: string | undefined;
  for (const [i, t] of tables.entries()) {
    const columns = JSON.stringify(t.columns.map((c) => [c.label, c.type]));
    if (columns !== schema) {
      if (schema !== undefined) yield CRLF;
      yield `#datatype,string,long,${t.columns.map((c) => c.type).join(",")}${CRLF}`;
      yield `#group,false,false,${t.columns.map((c) => String(c.group)).join(",")}${CRLF}`;
      yield `#default,_result,,${t.columns.map(() => "").join(",")}${CRLF}`;
      yield `,result,table,${t.columns.map((c) => cell(c.label)).join(",")}${CRLF}`;
      schema = columns;
    }
    yield `,,${i},${t.row.map(cell).join(",")}${CRLF}`;
  }
  yield CRLF;
}

/** A point's tags by name, as columns come: domain, entity_id and any others, sorted. */
function tagsOf(p: HaPoint): [string, string][] {
  const tags: Record<string, string> = { ...p.tags, domain: p.domain, entity_id: p.objectId };
  return Object.entries(tags).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The storage's order of series: measurement, then the tags by name. */
function seriesOrder(p: HaPoint): string[] {
  return [p.measurement, ...tagsOf(p).map(([k, v]) => `${k}=${v}`)];
}

function seriesKey(p: HaPoint): string {
  return seriesOrder(p).join("\u0000");
}

/** The columns a keep(columns: [...]) names, or undefined without one. */
function keptColumns(query: string): string[] | undefined {
  const list = /keep\(columns: \[([^\]]*)\]\)/.exec(query)?.[1];
  return list?.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
}

interface PivotRow {
  time: string;
  measurement: string;
  domain: string;
  entity_id: string;
  tags: Record<string, string>;
  state?: string;
  value?: number;
}

/** One row per series and time with its state and value fields side by side, sorted as the importer asks. */
function pivot(points: HaPoint[]): PivotRow[] {
  const byKey = new Map<string, PivotRow>();
  for (const p of points) {
    const key = `${p.time}\u0000${seriesKey(p)}`;
    const row = byKey.get(key) ?? {
      time: p.time,
      measurement: p.measurement,
      domain: p.domain,
      entity_id: p.objectId,
      tags: p.tags ?? {},
    };
    if (typeof p.fields.state === "string") row.state = p.fields.state;
    if (typeof p.fields.value === "number") row.value = p.fields.value;
    byKey.set(key, row);
  }
  const order = (r: PivotRow) => [r.domain, r.entity_id, r.measurement];
  return [...byKey.values()].sort((a, b) => {
    if (ns(a.time) !== ns(b.time)) return ns(a.time) < ns(b.time) ? -1 : 1;
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

function ns(time: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) throw new Error(`not an RFC 3339 time: ${time}`);
  return BigInt(Date.parse(`${m[1]}Z`) / 1000) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}
