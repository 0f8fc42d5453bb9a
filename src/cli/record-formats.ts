// The database-backed import formats and how each one's source is opened from the command line.

import { redactUrl } from "../publish/engine-status.js";
import { queryFlux } from "../publish/influxdb/influx-connection.js";
import { HA_RECORDER_SOURCE, haRecorderSource } from "../sources/importers/ha-recorder.js";
import { haRecorderServerSource, recorderServerKind } from "../sources/importers/ha-recorder-server.js";
import { INFLUXDB_SOURCE, influxHistorySource } from "../sources/importers/influxdb-history.js";
import { INFLUXDB2_SOURCE, influx2HistorySource } from "../sources/importers/influxdb2-history.js";
import { LTSS_SOURCE, ltssHistorySource } from "../sources/importers/ltss-history.js";
import { connectMysql } from "../sources/importers/mysql-client.js";
import { connectPostgres } from "../sources/importers/postgres-client.js";
import type { RecordSource } from "../sources/importers/record-importer.js";
import type { ParsedArgs } from "./parse-args.js";

export const RECORD_FORMATS = ["ha-recorder", "influxdb", "influxdb2", "ltss"] as const;

/**
 * The record source for a database format, undefined for the file formats, or what is missing.
 * InfluxDB credentials come from the environment, never the command line (other users of the
 * machine can read a process's arguments).
 */
export function recordSourceFor(
  format: string,
  target: string,
  args: ParsedArgs,
  env: Record<string, string | undefined>,
  now: () => number,
): { name: string; source: RecordSource } | { problem: string } | undefined {
  const flag = (name: string) => (typeof args.flags[name] === "string" ? (args.flags[name] as string) : undefined);
  switch (format) {
    case "ha-recorder": {
      // A file, or Home Assistant's db_url of a recorder on MariaDB/MySQL or PostgreSQL.
      const server = recorderServerKind(target);
      if (!server) return { name: HA_RECORDER_SOURCE, source: haRecorderSource(target) };
      const connect = server === "mysql" ? connectMysql : connectPostgres;
      return { name: HA_RECORDER_SOURCE, source: haRecorderServerSource({ url: target, connect }) };
    }
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
    case "influxdb2": {
      if (args.flags.token !== undefined)
        return { problem: "pass the token in INFLUXDB_TOKEN, not as --token: other users can read a command line" };
      const org = flag("org");
      const bucket = flag("bucket") ?? "home_assistant";
      const token = env.INFLUXDB_TOKEN;
      if (!org || !token) {
        return {
          problem: `import --format influxdb2 <url> --org <organization> [--bucket home_assistant] needs ${[
            !org && "--org",
            !token && "the token in INFLUXDB_TOKEN",
          ]
            .filter(Boolean)
            .join(" and ")}`,
        };
      }
      return {
        name: INFLUXDB2_SOURCE,
        source: influx2HistorySource({
          url: redactUrl(target),
          bucket,
          query: (flux) => queryFlux({ url: target, token, org }, flux),
          now,
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
