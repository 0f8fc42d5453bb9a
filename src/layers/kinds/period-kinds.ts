// L3 tables: weekly and monthly merges of the L2 kinds whose detectors look at longer horizons.
import type { PeriodKind } from "../aggregate-kind.js";
import { type ContextualValue, contextualDaily } from "./contextual-daily.js";
import { type DayTypeValue, dayTypeDaily } from "./day-type-daily.js";
import { type SeasonalValue, seasonalDaily } from "./seasonal-daily.js";
import { type SessionValue, sessionDaily } from "./session-daily.js";

export const sessionWeekly: PeriodKind<SessionValue> = { name: "session_weekly", period: "week", source: sessionDaily };
export const dayTypeWeekly: PeriodKind<DayTypeValue> = {
  name: "day_type_weekly",
  period: "week",
  source: dayTypeDaily,
};
export const contextualMonthly: PeriodKind<ContextualValue> = {
  name: "contextual_monthly",
  period: "month",
  source: contextualDaily,
};
export const seasonalMonthly: PeriodKind<SeasonalValue> = {
  name: "seasonal_monthly",
  period: "month",
  source: seasonalDaily,
};
