// An `area` filter that names no area of the home: a 400 saying so (with the id of an area whose
// name was typed), not an empty list that reads as "nothing in that room".
import { unknownIdRefusal } from "./unknown-id-refusal.js";

export interface NamedArea {
  areaId: string;
  name: string;
}

/**
 * Throws when `area` is neither the id of one of `areas` nor named by anything stored (`stored`:
 * a pattern or anomaly of an area the registry no longer lists is still found by its id).
 */
export function refuseUnknownArea(
  area: string | undefined,
  areas: readonly NamedArea[],
  stored: (area: string) => boolean,
): void {
  if (area === undefined || areas.some((a) => a.areaId === area) || stored(area)) return;
  throw unknownIdRefusal(
    "area",
    "areas",
    area,
    areas.map((a) => ({ id: a.areaId, name: a.name })),
  );
}
