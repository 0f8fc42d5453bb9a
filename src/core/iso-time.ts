// Strict ISO 8601 times with a zone: a date that does not exist is an error, never the next day.

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

/** "format": not written as an ISO time with a zone; "impossible": written so, but no such time exists. */
export type IsoParse = { ok: true; ms: number } | { ok: false; kind: "format" | "impossible"; problem: string };

/**
 * Epoch ms of "2026-11-20T06:55:12.345678+01:00" (a space for the T is accepted, as in Home
 * Assistant's CSV). Below the millisecond is truncated, as Home Assistant's own times are, so a
 * state read twice gets the same ts. Date.parse would turn 2026-02-30 into 2 March and 24:00:00
 * into the next midnight: both are refused here.
 */
export function parseIsoWithZone(text: string): IsoParse {
  const m = ISO_WITH_ZONE.exec(text.trim());
  if (!m) return { ok: false, kind: "format", problem: "not an ISO 8601 time with a zone" };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12) return { ok: false, kind: "impossible", problem: `month ${m[2]} does not exist` };
  if (day < 1 || day > daysInMonth(year, month))
    return { ok: false, kind: "impossible", problem: `day ${m[1]}-${m[2]}-${m[3]} does not exist` };
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, kind: "impossible", problem: `time of day ${m[4]}:${m[5]}:${m[6] ?? "00"} does not exist` };
  let offsetMinutes = 0;
  if (m[8].toUpperCase() !== "Z") {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return { ok: false, kind: "impossible", problem: `zone offset ${m[8]} does not exist` };
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const millis = Number((m[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back where they were written.
  const exact = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return { ok: true, ms: exact - offsetMinutes * 60_000 };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
