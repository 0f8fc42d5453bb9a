// The device class Home Assistant's influxdb integration wrote to InfluxDB 2.x, in each of the three ways it writes one.
import { column, type FluxResultRow, fluxTime } from "./flux-result-row.js";

/**
 * By default the integration writes the device_class attribute as a text field, `device_class_str`,
 * with every state. Reading it beside each state would double the rows the server pivots for a
 * numeric sensor (pivot is one of Flux's heavy functions), so it is asked for once per import as
 * each series' last value: a bare last() after range and filter, which InfluxDB 2.x pushes down to
 * its storage and answers with one row per series. `bucket` is already a Flux string literal.
 */
export function lastDeviceClassesFlux(bucket: string, start: string, stop: string): string {
  return `from(bucket: ${bucket})
  |> range(start: ${start}, stop: ${stop})
  |> filter(fn: (r) => r._field == "device_class_str")
  |> filter(fn: (r) => exists r.domain and exists r.entity_id)
  |> last()`;
}

/**
 * Entity id → the class of its latest device_class_str. An entity has several series when its
 * measurement (its unit) or another tag changed: the latest row of them counts, as the latest
 * state's class does for a live entity.
 */
export async function readLatestDeviceClasses(rows: AsyncIterable<FluxResultRow>): Promise<Map<string, string>> {
  const latest = new Map<string, { ns: bigint; deviceClass: string }>();
  for await (const row of rows) {
    const deviceClass = column(row, "_value");
    const domain = column(row, "domain");
    const objectId = column(row, "entity_id");
    if (!deviceClass || !domain || !objectId) continue;
    const entity = `${domain}.${objectId}`;
    const { ns } = fluxTime(column(row, "_time"));
    const known = latest.get(entity);
    if (!known || ns >= known.ns) latest.set(entity, { ns, deviceClass });
  }
  return new Map([...latest].map(([entity, { deviceClass }]) => [entity, deviceClass]));
}

/**
 * The class a state's own row names: a `device_class` tag (the attribute listed in
 * `tags_attributes`), or else a measurement named `<domain>__<class>` (`measurement_attr:
 * domain__device_class`, which then writes no device_class field). Undefined when it names none.
 */
export function ownDeviceClass(domain: string, measurement: string, tag: string): string | undefined {
  if (tag !== "") return tag;
  // Asked for every row: compared in place rather than building "<domain>__" each time.
  const start = domain.length + 2;
  if (domain === "" || measurement.length <= start || !measurement.startsWith("__", domain.length)) return undefined;
  return measurement.startsWith(domain) ? measurement.slice(start) : undefined;
}
