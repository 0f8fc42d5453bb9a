// What the importers need of a database server's client: rows for a query, and closing. Each server's client library stays in its own file.

export interface SqlClient {
  /** "postgresql" numbers parameters $1, $2; "mysql" marks them with ?. */
  readonly dialect: "postgresql" | "mysql";
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A database URL for messages: the password replaced, the driver suffix ("+pymysql") kept as the user wrote it. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
  }
}
