// Which InfluxDB to write to, from the add-on options: 2.x (token, organization, bucket) or 1.x (database, user, password).
import type { Options, TextOptionName } from "../../config/config.js";

export type InfluxSettings =
  | { version: 2; url: string; token: string; org: string; bucket: string }
  | { version: 1; url: string; database: string; username?: string; password?: string };

/** undefined: InfluxDB is off. A problem: the URL is set, but the rest cannot make a connection. */
export type InfluxChoice = { settings: InfluxSettings } | { problem: string } | undefined;

export function influxSettings(options: Options): InfluxChoice {
  const text = (name: TextOptionName) => options[name]?.trim() || undefined;
  const url = text("influxdb_url");
  if (!url) return undefined;
  const database = text("influxdb_database");
  if (database) {
    const username = text("influxdb_username");
    const password = text("influxdb_password");
    if ((username === undefined) !== (password === undefined)) {
      return {
        problem: "set both influxdb_username and influxdb_password, or neither (a database without authentication)",
      };
    }
    return { settings: { version: 1, url, database, ...(username ? { username, password } : {}) } };
  }
  const token = text("influxdb_token");
  const org = text("influxdb_org");
  const bucket = text("influxdb_bucket");
  if (token && org && bucket) return { settings: { version: 2, url, token, org, bucket } };
  const missing = [!token && "influxdb_token", !org && "influxdb_org", !bucket && "influxdb_bucket"]
    .filter(Boolean)
    .join(", ");
  return {
    problem: `influxdb_url is set but the rest is missing: for InfluxDB 2.x also set ${missing}; for 1.x set influxdb_database instead`,
  };
}
