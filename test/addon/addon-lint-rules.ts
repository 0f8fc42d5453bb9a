// The add-on linter's rules beyond its JSON schema, and the Supervisor's own checks it lacks.
import { deepEqual, type JsonSchema } from "./draft07-validator.js";

type Config = Record<string, unknown>;

/** Errors frenck/action-addon-linter's lint.py reports on top of the JSON schema. */
export function linterErrors(config: Config, schema: JsonSchema): string[] {
  const errors: string[] = [];
  const properties = (typeof schema === "object" ? schema.properties : {}) as Record<string, { default?: unknown }>;
  for (const [key, value] of Object.entries(config)) {
    const spec = properties[key];
    if (spec && "default" in spec && deepEqual(spec.default, value)) {
      errors.push(`'${key}' should be removed, it uses a default value`);
    }
  }
  if ("watchdog" in config) errors.push("'watchdog' is obsolete, use a Docker HEALTHCHECK");
  if (config.webui !== undefined && config.ingress === true) errors.push("'webui' should be removed, ingress is used");
  if (config.ingress_port === 0 && config.host_network !== true) errors.push("'ingress_port' 0 needs host_network");
  if ("auto_uart" in config) errors.push("'auto_uart' is deprecated, use 'uart'");
  if ("tmpfs" in config && typeof config.tmpfs !== "boolean") errors.push("'tmpfs' must be a boolean");
  if (config.backup === "cold" && ("backup_pre" in config || "backup_post" in config)) {
    errors.push("'backup_pre'/'backup_post' are ignored with a cold backup");
  }
  if ("codenotary" in config) errors.push("'codenotary' is deprecated");
  const maps = ((config.map ?? []) as unknown[]).map((m) =>
    typeof m === "string" ? m.split(":")[0] : (m as { type: string }).type,
  );
  if (maps.includes("config") && (maps.includes("homeassistant_config") || maps.includes("addon_config"))) {
    errors.push("'map' config cannot be combined with homeassistant_config or addon_config");
  }
  return errors;
}

/** Warnings of the linter; we keep none. */
export function linterWarnings(config: Config): string[] {
  const warnings: string[] = [];
  const deprecated = ["armhf", "armv7", "i386"];
  for (const arch of (config.arch ?? []) as string[]) {
    if (deprecated.includes(arch)) warnings.push(`architecture ${arch} is deprecated`);
  }
  if ("advanced" in config) warnings.push("'advanced' is deprecated");
  if ("full_access" in config) warnings.push("'full_access' lowers the security rating to 1");
  const maps = ((config.map ?? []) as unknown[]).map((m) => (typeof m === "string" ? m : (m as { type: string }).type));
  if (maps.some((m) => m === "config" || m.startsWith("config:"))) warnings.push("'map: config' is deprecated");
  return warnings;
}

/** Rules of the Supervisor's own validator (supervisor/apps/validate.py) the linter schema does not express. */
export function supervisorErrors(config: Config): string[] {
  const errors: string[] = [];
  if (typeof config.slug !== "string" || !/^[-_.A-Za-z0-9]+$/.test(config.slug))
    errors.push("slug must match [-_.A-Za-z0-9]+");
  for (const arch of (config.arch ?? []) as string[]) {
    if (!["aarch64", "amd64"].includes(arch)) errors.push(`arch ${arch} is not supported by current Supervisors`);
  }
  if (config.timeout !== undefined) {
    const t = config.timeout as number;
    if (t < 10 || t > 300) errors.push("timeout must be from 10 to 300 seconds");
  }
  const options = (config.options ?? {}) as Record<string, unknown>;
  const schema = (config.schema ?? {}) as Record<string, unknown>;
  for (const [key, type] of Object.entries(schema)) {
    const optional = typeof type === "string" && type.endsWith("?");
    if (optional && key in options) errors.push(`option ${key} is optional ("?") and must not have a default`);
    if (!optional && !(key in options)) errors.push(`option ${key} is required and needs a default in options`);
  }
  for (const key of Object.keys(options)) {
    if (!(key in schema)) errors.push(`option ${key} does not exist in the schema`);
  }
  if (config.init !== false) errors.push("init must be false: the image brings its own init (tini)");
  return errors;
}
