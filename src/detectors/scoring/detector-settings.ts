// Reads a detector's numeric and boolean settings from the options, with defaults for the rest.

/** Settings as the runner passes them: anything the options hold; unknown or mistyped values fall back. */
export function readSettings<T extends Record<string, number | boolean>>(
  defaults: T,
  given: Record<string, unknown>,
): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const value = given[key];
    if (typeof value === typeof defaults[key] && (typeof value !== "number" || Number.isFinite(value))) {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
