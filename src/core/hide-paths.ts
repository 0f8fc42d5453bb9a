// Takes filesystem paths out of text meant for callers: they tell an attacker where data and secrets live.

/**
 * An absolute path of two or more segments, at the start or after a space, quote, bracket or
 * "=", e.g. DuckDB's `Cannot open file "/root/.duckdb/extensions/v1.1/x.duckdb_extension"`.
 * A URL's path follows its host, not a space, so URLs are left alone.
 */
const ABSOLUTE_PATH = /(^|[\s'"`([{=])((?:\/[^\s'"`()[\]{}<>,;/]+){2,}\/?)/g;

/** The text with each absolute filesystem path replaced by "<path>". */
export function hidePaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, "$1<path>");
}
