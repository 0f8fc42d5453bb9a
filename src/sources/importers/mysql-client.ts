// The one file that imports mysql2: a MariaDB/MySQL connection for reading a recorder on MariaDB.
import type { SqlClient } from "./sql-client.js";

/**
 * Home Assistant's db_url for MariaDB: mysql://user:password@host[:port]/database?charset=utf8mb4,
 * perhaps with a driver ("mysql+pymysql://") or a socket (?unix_socket=/run/mysqld/mysqld.sock).
 */
export async function connectMysql(url: string): Promise<SqlClient> {
  // Loaded on first use: the service, which never imports from MariaDB, does not carry it.
  const { default: mysql } = await import("mysql2/promise");
  const u = new URL(url.replace(/^(mysql|mariadb)(\+[a-z0-9]+)?:/i, "mysql:"));
  const socketPath = u.searchParams.get("unix_socket") ?? undefined;
  const connection = await mysql.createConnection({
    host: socketPath ? undefined : u.hostname || "localhost",
    port: socketPath ? undefined : Number(u.port || 3306),
    socketPath,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    charset: "utf8mb4",
    // Times and big numbers as the server wrote them: nothing converted by this machine's time zone.
    dateStrings: true,
    supportBigNumbers: true,
    timezone: "Z",
  });
  return {
    dialect: "mysql",
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const [rows] = await connection.query(sql, params as unknown[]);
      return rows as T[];
    },
    close: () => connection.end(),
  };
}
