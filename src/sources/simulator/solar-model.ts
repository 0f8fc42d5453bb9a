// Sunrise and sunset for a place and day, from the usual low-precision solar equations (±2 min).
import { addDays, type LocalTime, parseDay } from "../../core/local-time.js";

const RAD = Math.PI / 180;
const MINUTE = 60_000;
/** Sun's centre 0.833° below the horizon: refraction plus the solar disc's radius. */
const ZENITH = 90.833 * RAD;

export interface SunEvent {
  ts: number;
  state: "above_horizon" | "below_horizon";
}

export interface SunTimes {
  /** Epoch ms; null when the sun does not rise or set that date (polar day or night). */
  sunrise: number | null;
  sunset: number | null;
  /** Without sunrise and sunset: whether the sun stays up all day. */
  polarDay: boolean;
}

/** Sunrise and sunset around the solar noon that falls on the given calendar date at the longitude. */
export function sunTimes(latitude: number, longitude: number, day: string): SunTimes {
  const [y, m, d] = parseDay(day);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const dayOfYear = Math.round((utcMidnight - Date.UTC(y, 0, 1)) / 86_400_000);
  const gamma = ((2 * Math.PI) / 365) * dayOfYear; // fractional year at noon
  const equationOfTime =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(gamma) -
      0.032077 * Math.sin(gamma) -
      0.014615 * Math.cos(2 * gamma) -
      0.040849 * Math.sin(2 * gamma));
  const declination =
    0.006918 -
    0.399912 * Math.cos(gamma) +
    0.070257 * Math.sin(gamma) -
    0.006758 * Math.cos(2 * gamma) +
    0.000907 * Math.sin(2 * gamma) -
    0.002697 * Math.cos(3 * gamma) +
    0.00148 * Math.sin(3 * gamma);
  const lat = latitude * RAD;
  const cosHourAngle =
    Math.cos(ZENITH) / (Math.cos(lat) * Math.cos(declination)) - Math.tan(lat) * Math.tan(declination);
  const solarNoonMinutes = 720 - 4 * longitude - equationOfTime;
  if (cosHourAngle < -1 || cosHourAngle > 1) {
    return { sunrise: null, sunset: null, polarDay: cosHourAngle < -1 };
  }
  const hourAngleDeg = Math.acos(cosHourAngle) / RAD;
  return {
    sunrise: Math.round(utcMidnight + (solarNoonMinutes - 4 * hourAngleDeg) * MINUTE),
    sunset: Math.round(utcMidnight + (solarNoonMinutes + 4 * hourAngleDeg) * MINUTE),
    polarDay: false,
  };
}

/** sun.sun's changes that fall inside one local day, in time order. */
export function sunEventsOfDay(local: LocalTime, latitude: number, longitude: number, day: string): SunEvent[] {
  const { start, end } = local.dayBounds(day);
  const events: SunEvent[] = [];
  // A far-east or far-west zone can put a neighbouring date's sunrise or sunset inside this local day.
  for (const date of [addDays(day, -1), day, addDays(day, 1)]) {
    const times = sunTimes(latitude, longitude, date);
    if (times.sunrise !== null && times.sunrise >= start && times.sunrise < end) {
      events.push({ ts: times.sunrise, state: "above_horizon" });
    }
    if (times.sunset !== null && times.sunset >= start && times.sunset < end) {
      events.push({ ts: times.sunset, state: "below_horizon" });
    }
  }
  return events.sort((a, b) => a.ts - b.ts);
}

/** sun.sun's state at the start of a local day: the state after the previous day's last change. */
export function sunStateAtDayStart(
  local: LocalTime,
  latitude: number,
  longitude: number,
  day: string,
): SunEvent["state"] {
  const previous = addDays(day, -1);
  const events = sunEventsOfDay(local, latitude, longitude, previous);
  if (events.length > 0) return events[events.length - 1].state;
  // No change the day before: polar day or night.
  return sunTimes(latitude, longitude, previous).polarDay ? "above_horizon" : "below_horizon";
}

/** Sunset of a local day in epoch ms, or null (polar day or night). */
export function sunsetOfDay(local: LocalTime, latitude: number, longitude: number, day: string): number | null {
  const sunset = sunEventsOfDay(local, latitude, longitude, day).find((e) => e.state === "below_horizon");
  return sunset ? sunset.ts : null;
}
