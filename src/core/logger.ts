// Levelled, structured logging to a sink (stderr by default), one line per record.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose records carry the component name. */
  child(component: string): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(
  level: LogLevel = "info",
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
  component?: string,
  now: () => number = Date.now,
): Logger {
  const write = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const parts = [new Date(now()).toISOString(), lvl.toUpperCase().padEnd(5)];
    if (component) parts.push(`[${component}]`);
    parts.push(message);
    if (fields && Object.keys(fields).length > 0) parts.push(formatFields(fields));
    sink(parts.join(" "));
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (name) => createLogger(level, sink, component ? `${component}/${name}` : name, now),
  };
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v instanceof Error ? JSON.stringify(v.message) : JSON.stringify(v)}`)
    .join(" ");
}

/** A logger that keeps records in memory, for tests that assert what was logged. */
export function createMemoryLogger(level: LogLevel = "debug"): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    (line) => lines.push(line),
    undefined,
    () => 0,
  );
  return Object.assign(logger, { lines });
}
