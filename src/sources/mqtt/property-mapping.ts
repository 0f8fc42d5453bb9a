// Which payload properties of a device become which entity, from zigbee2mqtt exposes or by name.

/** How one payload property feeds one entity. */
export interface PropertyMapping {
  /** Entity domain: light, switch, lock, cover, climate, fan, binary_sensor, sensor. */
  domain: string;
  /** Appended to the device slug: "" for the device's main state, "_occupancy" for a sensor. */
  suffix: string;
  kind: "binary" | "numeric" | "enum";
  /** binary: the payload value that means on (contact: false, because open is "on" in HA). */
  valueOn?: unknown;
  valueOff?: unknown;
  /** binary: the entity states for on and off ("on"/"off", or "locked"/"unlocked" for a lock). */
  onState?: string;
  offState?: string;
  /** enum: payload value → entity state; values not listed keep their text. */
  enumStates?: Record<string, string | null>;
  /** A press, not a state: every message with a value is an event, even the same value again. */
  eventLike?: boolean;
  /** numeric: the unit the device exposes it in ("°C", "W"), as Home Assistant's entity shows it. */
  unit?: string;
}

export type DeviceMappings = Map<string, PropertyMapping>;

/** Housekeeping values: they change all the time and say nothing about the household. */
const DIAGNOSTIC = new Set([
  "linkquality",
  "battery",
  "battery_low",
  "voltage",
  "power_outage_count",
  "device_temperature",
  "update",
  "update_available",
  "last_seen",
  "elapsed",
]);

/** Attributes of a light, not entities of their own. */
const LIGHT_ATTRIBUTES = new Set([
  "brightness",
  "color_temp",
  "color_temp_startup",
  "color_mode",
  "color",
  "hue",
  "saturation",
]);

const STATEFUL_TYPES = new Set(["light", "switch", "fan", "lock", "cover", "climate"]);

function isDiagnostic(property: string): boolean {
  // The cube's action_angle, action_side ... describe an action; the action itself is mapped.
  return DIAGNOSTIC.has(property) || property.startsWith("action_");
}

const PUBLISHED = 1;
const SETTABLE = 2;

interface Expose {
  type?: string;
  property?: string;
  endpoint?: string;
  access?: number;
  value_on?: unknown;
  value_off?: unknown;
  values?: unknown[];
  features?: Expose[];
  unit?: unknown;
}

/** Mappings for one device from its `definition.exposes` (zigbee2mqtt bridge/devices). */
export function mappingsFromExposes(exposes: unknown): DeviceMappings {
  const out: DeviceMappings = new Map();
  if (!Array.isArray(exposes)) return out;
  for (const raw of exposes as Expose[]) {
    if (!raw || typeof raw !== "object") continue;
    if (raw.type && STATEFUL_TYPES.has(raw.type) && Array.isArray(raw.features)) {
      for (const feature of raw.features) mapStatefulFeature(raw.type, feature, out);
      continue;
    }
    const property = raw.property;
    if (!property || isDiagnostic(property) || out.has(property)) continue;
    const access = raw.access ?? PUBLISHED;
    // Settable top-level values are device settings (power_outage_memory, occupancy_timeout).
    if (!(access & PUBLISHED) || access & SETTABLE) continue;
    if (raw.type === "binary") {
      out.set(property, {
        domain: "binary_sensor",
        suffix: `_${property}`,
        kind: "binary",
        valueOn: raw.value_on ?? true,
        valueOff: raw.value_off ?? false,
        onState: "on",
        offState: "off",
      });
    } else if (raw.type === "numeric") {
      const mapping: PropertyMapping = { domain: "sensor", suffix: `_${property}`, kind: "numeric" };
      if (typeof raw.unit === "string" && raw.unit !== "") mapping.unit = raw.unit;
      out.set(property, mapping);
    } else if (raw.type === "enum") {
      out.set(property, { domain: "sensor", suffix: `_${property}`, kind: "enum", eventLike: property === "action" });
    }
  }
  return out;
}

function mapStatefulFeature(type: string, feature: Expose, out: DeviceMappings): void {
  const property = feature?.property;
  if (!property) return;
  const suffix = feature.endpoint ? `_${feature.endpoint}` : "";
  const isState = property === "state" || (feature.endpoint !== undefined && property === `state_${feature.endpoint}`);
  if ((type === "light" || type === "switch" || type === "fan") && isState && feature.type === "binary") {
    out.set(property, {
      domain: type,
      suffix,
      kind: "binary",
      valueOn: feature.value_on ?? "ON",
      valueOff: feature.value_off ?? "OFF",
      onState: "on",
      offState: "off",
    });
  } else if (type === "lock" && isState && feature.type === "binary") {
    out.set(property, {
      domain: "lock",
      suffix,
      kind: "binary",
      valueOn: feature.value_on ?? "LOCK",
      valueOff: feature.value_off ?? "UNLOCK",
      onState: "locked",
      offState: "unlocked",
    });
  } else if (type === "cover" && isState) {
    out.set(property, {
      domain: "cover",
      suffix,
      kind: "enum",
      enumStates: { OPEN: "open", CLOSE: "closed", STOP: null },
    });
  } else if (type === "climate" && property.startsWith("system_mode")) {
    out.set(property, { domain: "climate", suffix, kind: "enum", enumStates: {} });
  }
}

/** A mapping for a property of a device nobody described, guessed from its name and value. */
export function guessMapping(
  property: string,
  value: unknown,
  payload: Record<string, unknown>,
): PropertyMapping | undefined {
  if (isDiagnostic(property)) return undefined;
  const endpoint = /^state_(.+)$/.exec(property)?.[1];
  if ((property === "state" || endpoint) && typeof value === "string") {
    const suffix = endpoint ? `_${endpoint}` : "";
    const upper = value.toUpperCase();
    if (upper === "ON" || upper === "OFF") {
      const isLight = !endpoint && [...LIGHT_ATTRIBUTES].some((a) => a in payload);
      return {
        domain: isLight ? "light" : "switch",
        suffix,
        kind: "binary",
        valueOn: "ON",
        valueOff: "OFF",
        onState: "on",
        offState: "off",
      };
    }
    if (upper === "LOCK" || upper === "UNLOCK") {
      return {
        domain: "lock",
        suffix,
        kind: "binary",
        valueOn: "LOCK",
        valueOff: "UNLOCK",
        onState: "locked",
        offState: "unlocked",
      };
    }
    if (upper === "OPEN" || upper === "CLOSE" || upper === "STOP") {
      return { domain: "cover", suffix, kind: "enum", enumStates: { OPEN: "open", CLOSE: "closed", STOP: null } };
    }
    return undefined;
  }
  if (property === "action" && typeof value === "string") {
    return { domain: "sensor", suffix: "_action", kind: "enum", eventLike: true };
  }
  if (typeof value === "boolean") {
    // zigbee2mqtt's contact is true when closed; Home Assistant's door sensor is "on" when open.
    const inverted = property === "contact";
    return {
      domain: "binary_sensor",
      suffix: `_${property}`,
      kind: "binary",
      valueOn: !inverted,
      valueOff: inverted,
      onState: "on",
      offState: "off",
    };
  }
  if (
    typeof value === "number" &&
    !LIGHT_ATTRIBUTES.has(property) &&
    !("state" in payload && property === "position")
  ) {
    return { domain: "sensor", suffix: `_${property}`, kind: "numeric" };
  }
  return undefined;
}

/** The entity state a payload value stands for under a mapping; undefined when it stands for none. */
export function stateFor(mapping: PropertyMapping, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (mapping.kind === "binary") {
    const norm = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);
    if (norm(value) === norm(mapping.valueOn)) return mapping.onState ?? "on";
    if (norm(value) === norm(mapping.valueOff)) return mapping.offState ?? "off";
    return undefined;
  }
  if (mapping.kind === "numeric") {
    return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  }
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value);
  if (text === "") return undefined;
  if (mapping.enumStates) {
    const key = text.toUpperCase();
    if (key in mapping.enumStates) return mapping.enumStates[key] ?? undefined;
    return mapping.domain === "climate" ? text.toLowerCase() : text;
  }
  return text;
}
