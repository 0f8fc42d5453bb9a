// The device_class in a state's attributes as the history stores them (JSON text or an object), and a cache for shared ones.

/** Attributes rows remembered at most: many states share one, but a big recorder has millions. */
const MAX_REMEMBERED = 10_000;

/**
 * The device_class named in a state's attributes: JSON text (the recorder's shared_attrs) or an
 * object (LTSS's jsonb). Undefined when none is named, or the text is not JSON: the state is still
 * imported, only without Home Assistant's words for it.
 */
export function deviceClassInAttributes(attributes: unknown): string | undefined {
  let parsed = attributes;
  if (typeof attributes === "string") {
    // Most states name none: no parsing for them.
    if (!attributes.includes('"device_class"')) return undefined;
    try {
      parsed = JSON.parse(attributes);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const deviceClass = (parsed as Record<string, unknown>).device_class;
  return typeof deviceClass === "string" && deviceClass !== "" ? deviceClass : undefined;
}

export type SharedAttributesDeviceClass = (
  attributesId: number | string | null | undefined,
  attributes: unknown,
) => string | undefined;

/**
 * deviceClassInAttributes, read once per shared attributes row (the recorder's attributes_id):
 * a sensor's thousands of readings share one. Forgets everything when it has seen too many.
 */
export function sharedAttributesDeviceClass(): SharedAttributesDeviceClass {
  const known = new Map<number | string, string | undefined>();
  return (attributesId, attributes) => {
    if (attributesId === null || attributesId === undefined) return deviceClassInAttributes(attributes);
    if (known.has(attributesId)) return known.get(attributesId);
    const deviceClass = deviceClassInAttributes(attributes);
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(attributesId, deviceClass);
    return deviceClass;
  };
}
