// A row of a Flux answer as the InfluxDB client parsed it from annotated CSV, read by column label, and its RFC 3339 times.

/** A row of a Flux result as the client parsed it from annotated CSV: raw values, columns by label. */
export interface FluxResultRow {
  values: string[];
  columns: readonly { label: string; defaultValue?: string }[];
}

/** A column's value by label; an empty cell takes the table's #default, a missing column is "". */
export function column(row: FluxResultRow, label: string): string {
  const i = row.columns.findIndex((c) => c.label === label);
  if (i < 0) return "";
  return row.values[i] || row.columns[i]?.defaultValue || "";
}

/** RFC 3339 with up to nine fraction digits → epoch ms (truncated) and ns (exact, for comparing); NaN and -1 when not one. */
export function fluxTime(time: string): { ms: number; ns: bigint } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) return { ms: Number.NaN, ns: -1n };
  const seconds = Date.parse(`${m[1]}Z`) / 1000;
  const fraction = (m[2] ?? "").padEnd(9, "0");
  const ns = BigInt(seconds) * 1_000_000_000n + BigInt(fraction);
  return { ms: seconds * 1000 + Number(fraction.slice(0, 3)), ns };
}
