// A compact JSON Schema draft-07 validator for the keywords the add-on linter's schema uses.
// Keywords it does not know make it throw, so a newer linter schema cannot pass by being ignored.

export type JsonSchema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(["$schema", "default", "description", "title", "format", "$comment"]);
const KNOWN = new Set([
  ...ANNOTATIONS,
  "type",
  "properties",
  "additionalProperties",
  "required",
  "items",
  "enum",
  "pattern",
  "minimum",
  "maximum",
  "oneOf",
  "anyOf",
]);

/** Returns every violation as "path: message"; an empty list means valid. */
export function validateDraft07(schema: JsonSchema, value: unknown, at = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const errors: string[] = [];
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`validator does not support keyword ${keyword} (at ${at})`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      return [`${at}: expected ${types.join(" or ")}, got ${JSON.stringify(value)}`];
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => deepEqual(e, value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === "string" && typeof schema.pattern === "string") {
    // The linter's schema is written for Python: named groups are (?P<name>...) there.
    const pattern = schema.pattern.replaceAll("(?P<", "(?<");
    if (!new RegExp(pattern, "u").test(value))
      errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      errors.push(`${at}: ${value} < ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      errors.push(`${at}: ${value} > ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      errors.push(...validateDraft07(schema.items as JsonSchema, item, `${at}[${i}]`));
    });
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in value)) errors.push(`${at}: required property ${key} is missing`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (key in properties) errors.push(...validateDraft07(properties[key], item, `${at}.${key}`));
      else if (schema.additionalProperties !== undefined) {
        const extra = schema.additionalProperties as JsonSchema;
        if (extra === false) errors.push(`${at}: property ${key} is not allowed`);
        else errors.push(...validateDraft07(extra, item, `${at}.${key}`));
      }
    }
  }
  if (schema.anyOf !== undefined) {
    const branches = schema.anyOf as JsonSchema[];
    if (!branches.some((b) => validateDraft07(b, value, at).length === 0)) errors.push(`${at}: matches none of anyOf`);
  }
  if (schema.oneOf !== undefined) {
    const passing = (schema.oneOf as JsonSchema[]).filter((b) => validateDraft07(b, value, at).length === 0).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} branches of oneOf, expected exactly 1`);
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    case "null":
      return value === null;
    default:
      throw new Error(`unknown JSON schema type ${type}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}
