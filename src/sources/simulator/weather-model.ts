// Outside temperature (seasonal and daily cycle plus smooth noise) and weather.home's few changes a day.
import { addDays, type LocalTime } from "../../core/local-time.js";
import { Prng } from "./prng.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR_DAYS = 365.2425;

export type WeatherState = "sunny" | "partlycloudy" | "cloudy" | "rainy" | "pouring" | "fog" | "snowy";

/** Weather states under which a person wants a lamp on in daytime (the weather-context routine). */
export const GLOOMY_WEATHER: readonly WeatherState[] = ["cloudy", "rainy", "pouring", "fog", "snowy"];

export interface WeatherChange {
  ts: number;
  state: WeatherState;
}

/** A value that wanders smoothly: knots every periodMs with a seeded normal value, cosine-blended. */
export function smoothNoise(seed: string, key: string, periodMs: number, ts: number): number {
  const k = Math.floor(ts / periodMs);
  const f = (ts - k * periodMs) / periodMs;
  const a = Prng.for(seed, key, k).gaussian();
  const b = Prng.for(seed, key, k + 1).gaussian();
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

export class WeatherModel {
  private readonly seasonalMean: number;
  private readonly seasonalAmplitude: number;

  constructor(
    private readonly seed: string,
    private readonly latitude: number,
    private readonly longitude: number,
  ) {
    const lat = Math.abs(latitude);
    this.seasonalMean = Math.max(-5, 25 - 0.3 * lat);
    this.seasonalAmplitude = Math.min(18, 0.18 * lat);
  }

  /** 1 in the depth of winter, 0 in high summer, for the home's hemisphere. */
  winterness(ts: number): number {
    const daysSinceColdest = ts / DAY - 19 + (this.latitude < 0 ? YEAR_DAYS / 2 : 0);
    return (1 + Math.cos((2 * Math.PI * daysSinceColdest) / YEAR_DAYS)) / 2;
  }

  /** Outside air temperature in °C at ts: coldest around 20 January, warmest mid-afternoon solar time. */
  outsideTemperatureAt(ts: number): number {
    const seasonal = this.seasonalMean + this.seasonalAmplitude * (1 - 2 * this.winterness(ts));
    const solarHour = (((ts / HOUR + this.longitude / 15) % 24) + 24) % 24;
    const dailyAmplitude = 3 + 2 * (1 - this.winterness(ts));
    const daily = dailyAmplitude * Math.cos((2 * Math.PI * (solarHour - 14.5)) / 24);
    const regime = 3 * smoothNoise(this.seed, "temperature-regime", 3 * DAY, ts);
    const hours = 1 * smoothNoise(this.seed, "temperature-hours", 6 * HOUR, ts);
    return seasonal + daily + regime + hours;
  }

  /** weather.home's changes within a local day (2–4 draws; a draw equal to the state before is no change). */
  changesOfDay(local: LocalTime, day: string): WeatherChange[] {
    const { start, end } = local.dayBounds(day);
    const rng = Prng.for(this.seed, "weather", day);
    const count = rng.int(2, 4);
    return Array.from(rng.sortedUniform(count, start, end), (t) => {
      const ts = Math.floor(t);
      return { ts, state: this.drawState(rng, ts) };
    });
  }

  /** weather.home at the start of a local day: the previous day's last draw. */
  stateAtDayStart(local: LocalTime, day: string): WeatherState {
    const previous = this.changesOfDay(local, addDays(day, -1));
    return previous[previous.length - 1].state;
  }

  /** weather.home at any instant. */
  stateAt(local: LocalTime, ts: number): WeatherState {
    const day = local.dayOf(ts);
    let state = this.stateAtDayStart(local, day);
    for (const change of this.changesOfDay(local, day)) {
      if (change.ts > ts) break;
      state = change.state;
    }
    return state;
  }

  private drawState(rng: Prng, ts: number): WeatherState {
    const w = this.winterness(ts);
    const state = rng.weighted<WeatherState>([
      ["sunny", 0.12 + 0.28 * (1 - w)],
      ["partlycloudy", 0.25],
      ["cloudy", 0.2 + 0.2 * w],
      ["rainy", 0.15 + 0.05 * w],
      ["pouring", 0.05],
      ["fog", 0.08 * w],
      ["snowy", 0.1 * w],
    ]);
    const temperature = this.outsideTemperatureAt(ts);
    if (state === "snowy" && temperature > 1.5) return "rainy";
    if ((state === "rainy" || state === "pouring") && temperature < -1) return "snowy";
    return state;
  }
}
