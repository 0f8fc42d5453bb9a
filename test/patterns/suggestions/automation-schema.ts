// Home Assistant's automation config as its documentation describes it, checked structurally, per Core version.
//
// Written from the documented structure (automation YAML, triggers, conditions, script syntax):
// the old form `trigger:`/`platform:`/`condition:`/`action:`/`service:` that every Core reads, and
// the new form `triggers:`/`trigger:`/`conditions:`/`actions:`/`action:` that 2024.10 and later read.

export interface SchemaOptions {
  /** The oldest Core the config must load on, "YYYY.MM". New-form keys are errors before 2024.10. */
  minVersion: string;
}

export const TRIGGER_PLATFORMS = [
  "calendar",
  "conversation",
  "device",
  "event",
  "geo_location",
  "homeassistant",
  "mqtt",
  "numeric_state",
  "persistent_notification",
  "state",
  "sun",
  "tag",
  "template",
  "time",
  "time_pattern",
  "webhook",
  "zone",
] as const;
export const CONDITION_TYPES = [
  "and",
  "or",
  "not",
  "device",
  "numeric_state",
  "state",
  "sun",
  "template",
  "time",
  "trigger",
  "zone",
] as const;
const MODES = ["single", "restart", "queued", "parallel"];
const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const TOP_KEYS = [
  "id",
  "alias",
  "description",
  "mode",
  "max",
  "max_exceeded",
  "variables",
  "trace",
  "initial_state",
  "trigger",
  "triggers",
  "condition",
  "conditions",
  "action",
  "actions",
  "trigger_variables",
];

const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;
const SERVICE = /^[\da-z_]+\.[\da-z_]+$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const TIME_PERIOD = /^-?\d{1,3}:[0-5]\d(:[0-5]\d)?$/;

type Obj = Record<string, unknown>;

export function automationProblems(config: unknown, options: SchemaOptions): string[] {
  const problems: string[] = [];
  const newForm = versionAtLeast(options.minVersion, "2024.10");
  const serviceAsAction = versionAtLeast(options.minVersion, "2024.8");
  const at = (path: string, message: string) => problems.push(`${path}: ${message}`);

  if (!isObject(config)) return ["automation: must be a mapping"];
  for (const key of Object.keys(config)) if (!TOP_KEYS.includes(key)) at(key, "not an automation key");
  if (typeof config.alias !== "string" || config.alias.trim() === "") at("alias", "required text");
  if (config.description !== undefined && typeof config.description !== "string") at("description", "must be text");
  if (config.mode !== undefined && !MODES.includes(String(config.mode)))
    at("mode", `must be one of ${MODES.join(", ")}`);

  const triggers = listKey(config, "trigger", "triggers", newForm, at);
  if (!triggers || triggers.length === 0) at("trigger", "at least one trigger is required");
  triggers?.forEach((t, i) => {
    checkTrigger(t, `trigger[${i}]`, newForm, at);
  });

  const conditions = listKey(config, "condition", "conditions", newForm, at);
  conditions?.forEach((c, i) => {
    checkCondition(c, `condition[${i}]`, at);
  });

  const actions = listKey(config, "action", "actions", newForm, at);
  if (!actions || actions.length === 0) at("action", "at least one action is required");
  actions?.forEach((a, i) => {
    checkAction(a, `action[${i}]`, serviceAsAction, at);
  });
  return problems;
}

type Report = (path: string, message: string) => void;

/** The list under the old key, or the new one where the version knows it; never both. */
function listKey(config: Obj, oldKey: string, newKey: string, newForm: boolean, at: Report): unknown[] | undefined {
  if (config[oldKey] !== undefined && config[newKey] !== undefined)
    at(newKey, `give either ${oldKey} or ${newKey}, not both`);
  if (config[newKey] !== undefined && !newForm) at(newKey, `unknown before Home Assistant 2024.10; use ${oldKey}`);
  const value = config[oldKey] ?? config[newKey];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function checkTrigger(trigger: unknown, path: string, newForm: boolean, at: Report): void {
  if (!isObject(trigger)) {
    at(path, "must be a mapping");
    return;
  }
  if (trigger.trigger !== undefined && !newForm)
    at(path, "`trigger:` inside a trigger is unknown before 2024.10; use platform");
  if (trigger.trigger !== undefined && trigger.platform !== undefined) at(path, "give either platform or trigger");
  const platform = String(trigger.platform ?? trigger.trigger ?? "");
  if (!(TRIGGER_PLATFORMS as readonly string[]).includes(platform)) {
    at(path, `unknown platform "${platform}"`);
    return;
  }
  const common = ["platform", "trigger", "id", "enabled", "variables"];
  const allowed = (keys: string[]) => {
    for (const key of Object.keys(trigger))
      if (![...common, ...keys].includes(key)) at(`${path}.${key}`, `not a ${platform} trigger key`);
  };
  switch (platform) {
    case "time":
      allowed(["at"]);
      for (const value of listOf(trigger.at)) {
        if (typeof value !== "string" || !(TIME_OF_DAY.test(value) || ENTITY_ID.test(value)))
          at(`${path}.at`, "must be HH:MM[:SS] or an entity id");
      }
      if (trigger.at === undefined) at(`${path}.at`, "required");
      return;
    case "sun":
      allowed(["event", "offset"]);
      if (trigger.event !== "sunrise" && trigger.event !== "sunset") at(`${path}.event`, "must be sunrise or sunset");
      if (trigger.offset !== undefined) checkPeriod(trigger.offset, `${path}.offset`, at);
      return;
    case "state":
      allowed(["entity_id", "from", "not_from", "to", "not_to", "for", "attribute"]);
      checkEntityIds(trigger.entity_id, `${path}.entity_id`, at);
      if (trigger.from !== undefined && trigger.not_from !== undefined)
        at(path, "from and not_from exclude each other");
      if (trigger.to !== undefined && trigger.not_to !== undefined) at(path, "to and not_to exclude each other");
      for (const key of ["from", "not_from", "to", "not_to"]) {
        // Home Assistant wants text here on purpose: a YAML `on` read as true is an error.
        if (
          trigger[key] !== undefined &&
          trigger[key] !== null &&
          listOf(trigger[key]).some((v) => typeof v !== "string")
        ) {
          at(`${path}.${key}`, "states must be text (quote on/off)");
        }
      }
      if (trigger.for !== undefined) checkPeriod(trigger.for, `${path}.for`, at);
      return;
    case "numeric_state":
      allowed(["entity_id", "above", "below", "for", "attribute", "value_template"]);
      checkEntityIds(trigger.entity_id, `${path}.entity_id`, at);
      if (trigger.above === undefined && trigger.below === undefined) at(path, "needs above or below");
      for (const key of ["above", "below"]) {
        if (trigger[key] !== undefined && typeof trigger[key] !== "number" && !ENTITY_ID.test(String(trigger[key])))
          at(`${path}.${key}`, "must be a number");
      }
      if (trigger.for !== undefined) checkPeriod(trigger.for, `${path}.for`, at);
      return;
    case "event":
      allowed(["event_type", "event_data", "context"]);
      if (listOf(trigger.event_type).length === 0) at(`${path}.event_type`, "required");
      return;
    default:
      return;
  }
}

function checkCondition(condition: unknown, path: string, at: Report): void {
  if (!isObject(condition)) {
    at(path, "must be a mapping");
    return;
  }
  const type = String(condition.condition ?? "");
  if (!(CONDITION_TYPES as readonly string[]).includes(type)) {
    at(path, `unknown condition "${type}"`);
    return;
  }
  const allowed = (keys: string[]) => {
    for (const key of Object.keys(condition)) {
      if (!["condition", "alias", "enabled", ...keys].includes(key))
        at(`${path}.${key}`, `not a ${type} condition key`);
    }
  };
  switch (type) {
    case "and":
    case "or":
    case "not": {
      allowed(["conditions"]);
      const inner = listOf(condition.conditions);
      if (inner.length === 0) at(`${path}.conditions`, "needs at least one condition");
      inner.forEach((c, i) => {
        checkCondition(c, `${path}.conditions[${i}]`, at);
      });
      return;
    }
    case "state":
      allowed(["entity_id", "state", "for", "attribute", "match"]);
      checkEntityIds(condition.entity_id, `${path}.entity_id`, at);
      if (listOf(condition.state).length === 0 || listOf(condition.state).some((s) => typeof s !== "string")) {
        at(`${path}.state`, "required, as text (quote on/off)");
      }
      return;
    case "time": {
      allowed(["after", "before", "weekday"]);
      if (condition.after === undefined && condition.before === undefined && condition.weekday === undefined) {
        at(path, "needs after, before or weekday");
      }
      for (const key of ["after", "before"]) {
        const value = condition[key];
        if (value !== undefined && !(typeof value === "string" && (TIME_OF_DAY.test(value) || ENTITY_ID.test(value)))) {
          at(`${path}.${key}`, "must be HH:MM[:SS] or an entity id");
        }
      }
      for (const day of listOf(condition.weekday))
        if (!WEEKDAY_NAMES.includes(String(day))) at(`${path}.weekday`, `"${String(day)}" is not a weekday`);
      return;
    }
    case "sun":
      allowed(["after", "before", "after_offset", "before_offset"]);
      for (const key of ["after", "before"]) {
        if (condition[key] !== undefined && condition[key] !== "sunrise" && condition[key] !== "sunset")
          at(`${path}.${key}`, "must be sunrise or sunset");
      }
      for (const key of ["after_offset", "before_offset"])
        if (condition[key] !== undefined) checkPeriod(condition[key], `${path}.${key}`, at);
      return;
    case "trigger":
      allowed(["id"]);
      if (listOf(condition.id).length === 0) at(`${path}.id`, "required");
      return;
    case "numeric_state":
      allowed(["entity_id", "above", "below", "attribute", "value_template"]);
      checkEntityIds(condition.entity_id, `${path}.entity_id`, at);
      if (condition.above === undefined && condition.below === undefined) at(path, "needs above or below");
      return;
    default:
      return;
  }
}

function checkAction(action: unknown, path: string, serviceAsAction: boolean, at: Report): void {
  if (!isObject(action)) {
    at(path, "must be a mapping");
    return;
  }
  if (action.delay !== undefined) {
    for (const key of Object.keys(action))
      if (!["delay", "alias", "enabled"].includes(key)) at(`${path}.${key}`, "not a delay key");
    checkPeriod(action.delay, `${path}.delay`, at);
    return;
  }
  if (action.action !== undefined && !serviceAsAction)
    at(path, "`action:` for a service call is unknown before 2024.8; use service");
  if (action.action !== undefined && action.service !== undefined) at(path, "give either service or action");
  const service = action.service ?? action.action;
  if (typeof service !== "string" || !SERVICE.test(service)) {
    at(path, "needs service: <domain>.<service>");
    return;
  }
  for (const key of Object.keys(action)) {
    if (
      !["service", "action", "target", "data", "alias", "enabled", "continue_on_error", "response_variable"].includes(
        key,
      )
    ) {
      at(`${path}.${key}`, "not a service call key");
    }
  }
  if (action.target !== undefined) {
    if (!isObject(action.target)) {
      at(`${path}.target`, "must be a mapping");
      return;
    }
    for (const key of Object.keys(action.target)) {
      if (!["entity_id", "device_id", "area_id", "floor_id", "label_id"].includes(key))
        at(`${path}.target.${key}`, "not a target key");
    }
    if (action.target.entity_id !== undefined) checkEntityIds(action.target.entity_id, `${path}.target.entity_id`, at);
  }
  if (action.data !== undefined && !isObject(action.data)) at(`${path}.data`, "must be a mapping");
}

function checkEntityIds(value: unknown, path: string, at: Report): void {
  const ids = listOf(value);
  if (ids.length === 0) at(path, "required");
  for (const id of ids)
    if (typeof id !== "string" || !ENTITY_ID.test(id)) at(path, `"${String(id)}" is not an entity id`);
}

function checkPeriod(value: unknown, path: string, at: Report): void {
  if (typeof value === "number") return;
  if (typeof value === "string" && TIME_PERIOD.test(value)) return;
  if (
    isObject(value) &&
    Object.keys(value).every((k) => ["days", "hours", "minutes", "seconds", "milliseconds"].includes(k))
  )
    return;
  at(path, "must be a time period (HH:MM:SS, seconds, or {hours, minutes, seconds})");
}

function versionAtLeast(version: string, than: string): boolean {
  const [y1, m1] = version.split(".").map(Number);
  const [y2, m2] = than.split(".").map(Number);
  return y1 > y2 || (y1 === y2 && m1 >= m2);
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
