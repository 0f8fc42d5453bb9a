// The attributes kept per entity (device_class, unit_of_measurement) in a state's attributes as the history stores them (JSON text or an object), and a cache for shared ones.

/** Attributes rows remembered at most: many states share one, but a big recorder has millions. */
const MAX_REMEMBERED = 10_000;

/** What Home Patterns keeps of a state's attributes: how its states are put in words and shown. */
export interface KeptAttributes {
  deviceClass?: string;
  unit?: string;
}

const NONE: KeptAttributes = Object.freeze({});

/**
 * The device_class and unit_of_measurement named in a state's attributes: JSON text (the
 * recorder's shared_attrs) or an object (LTSS's jsonb). Neither when none is named, or the text is
 * not JSON: the state is still imported, only without Home Assistant's words and unit for it.
 */
export function keptAttributes(attributes: unknown): KeptAttributes {
  let parsed = attributes;
  if (typeof attributes === "string") {
    // Most states name neither: no parsing for them.
    if (!attributes.includes('"device_class"') && !attributes.includes('"unit_of_measurement"')) return NONE;
    try {
      parsed = JSON.parse(attributes);
    } catch {
      return NONE;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return NONE;
  const { device_class: deviceClass, unit_of_measurement: unit } = parsed as Record<string, unknown>;
  const kept: KeptAttributes = {};
  if (typeof deviceClass === "string" && deviceClass !== "") kept.deviceClass = deviceClass;
  if (typeof unit === "string" && unit !== "") kept.unit = unit;
  return kept;
}

export type SharedKeptAttributes = (
  attributesId: number | string | null | undefined,
  attributes: unknown,
) => KeptAttributes;

/**
 * keptAttributes, read once per shared attributes row (the recorder's attributes_id): a sensor's
 * thousands of readings share one. Forgets everything when it has seen too many.
 */
export function sharedKeptAttributes(): SharedKeptAttributes {
  const known = new Map<number | string, KeptAttributes>();
  return (attributesId, attributes) => {
    if (attributesId === null || attributesId === undefined) return keptAttributes(attributes);
    const seen = known.get(attributesId);
    if (seen) return seen;
    const kept = keptAttributes(attributes);
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(attributesId, kept);
    return kept;
  };
}
