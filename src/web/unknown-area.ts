// An `area` filter that names no area of the home: a 400 saying so (with the id of an area whose
// name was typed), not an empty list that reads as "nothing in that room".
import { HttpError } from "../core/errors.js";

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
  const lower = area.toLowerCase();
  const meant = areas.find((a) => a.name.toLowerCase() === lower || a.areaId.toLowerCase() === lower);
  const hint = meant
    ? `: did you mean area=${meant.areaId} (${meant.name})?`
    : areas.length > 0
      ? `: GET /api/areas lists the home's areas (e.g. area=${areas[0].areaId})`
      : ": the home has no areas yet";
  throw new HttpError(400, `no area with id "${area}"${hint}`, { parameter: "area" });
}
