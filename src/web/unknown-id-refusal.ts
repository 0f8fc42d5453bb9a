// A filter that names no id of the home (a name typed instead of its id, a typo): the 400 that says
// which id was meant, or where the ids are listed. Shared by the `area` and `entity` filters.
import { HttpError } from "../core/errors.js";

export interface NamedId {
  id: string;
  name: string | null;
}

/** `parameter` names the filter ("area"); `plural` what the list route lists ("areas"). */
export function unknownIdRefusal(
  parameter: string,
  plural: string,
  value: string,
  named: readonly NamedId[],
): HttpError {
  const lower = value.toLowerCase();
  const meant = named.find((n) => n.name?.toLowerCase() === lower || n.id.toLowerCase() === lower);
  const hint = meant
    ? `: did you mean ${parameter}=${meant.id}${meant.name ? ` (${meant.name})` : ""}?`
    : named.length > 0
      ? `: GET /api/${plural} lists the home's ${plural} (e.g. ${parameter}=${named[0].id})`
      : `: the home has no ${plural} yet`;
  return new HttpError(400, `no ${parameter} with id "${value}"${hint}`, { parameter });
}
