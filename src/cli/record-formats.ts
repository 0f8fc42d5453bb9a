// The database-backed import formats and how each one's source is opened from the command line.
import { HA_RECORDER_SOURCE, haRecorderSource } from "../sources/importers/ha-recorder.js";
import { INFLUXDB_SOURCE, influxHistorySource } from "../sources/importers/influxdb-history.js";
import { LTSS_SOURCE, ltssHistorySource } from "../sources/importers/ltss-history.js";
import type { RecordSource } from "../sources/importers/record-importer.js";
import type { ParsedArgs } from "./parse-args.js";

export const RECORD_FORMATS = ["ha-recorder", "influxdb", "ltss"] as const;

/** The record source for a database format, or undefined for the file formats. InfluxDB credentials come from the environment, never the command line. */
export function recordSourceFor(
  format: string,
  target: string,
  args: ParsedArgs,
  env: Record<string, string | undefined>,
): { name: string; source: RecordSource } | undefined {
  switch (format) {
    case "ha-recorder":
      return { name: HA_RECORDER_SOURCE, source: haRecorderSource(target) };
    case "influxdb": {
      const database = typeof args.flags.database === "string" ? args.flags.database : "home_assistant";
      return {
        name: INFLUXDB_SOURCE,
        source: influxHistorySource({
          url: target,
          database,
          username: env.INFLUXDB_USERNAME,
          password: env.INFLUXDB_PASSWORD,
        }),
      };
    }
    case "ltss":
      return {
        name: LTSS_SOURCE,
        source: ltssHistorySource({
          connectionString: target,
          table: typeof args.flags.table === "string" ? args.flags.table : undefined,
        }),
      };
    default:
      return undefined;
  }
}
