// Who or what caused a state change: a person at the device, a person through the app or voice, an automation, or us.
import { type HomeEvent, isAutomated } from "../../core/home-event.js";

/**
 * - physical: no user and no parent context: a switch on the wall, a door, a sensor.
 * - app: a Home Assistant user caused it (the app, the dashboard, voice through Assist).
 * - automation: it has a parent context: an automation or a script did it.
 * - own: Home Patterns' own user did it; never learned from.
 */
export type ChangeCause = "physical" | "app" | "automation" | "own";

/** The user a change made through Home Patterns' own Home Assistant user is stored under. */
export const OWN_USER = "home_patterns";

export const CHANGE_CAUSES: readonly ChangeCause[] = ["physical", "app", "automation", "own"];

/** The cause of one change; `ownUserId` is the Home Assistant user the service acts as, when known. */
export function causeOf(event: Pick<HomeEvent, "user" | "parent">, ownUserId?: string): ChangeCause {
  if (event.user === OWN_USER || (ownUserId !== undefined && event.user === ownUserId)) return "own";
  // A parent context wins over a user: an automation a person triggered by hand still ran the change.
  if (isAutomated(event as HomeEvent)) return "automation";
  if (event.user) return "app";
  return "physical";
}

/** Counts per cause; merged by adding. */
export type CauseCounts = Record<ChangeCause, number>;

export function emptyCauseCounts(): CauseCounts {
  return { physical: 0, app: 0, automation: 0, own: 0 };
}

export function addCauseCounts(a: CauseCounts, b: CauseCounts): CauseCounts {
  return {
    physical: a.physical + b.physical,
    app: a.app + b.app,
    automation: a.automation + b.automation,
    own: (a.own ?? 0) + (b.own ?? 0),
  };
}

/** Shares 0..1 of each cause, rounded to two decimals; all zero when nothing changed. */
export function causeShares(counts: CauseCounts): CauseCounts {
  const total = counts.physical + counts.app + counts.automation + counts.own;
  const share = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 100) / 100);
  return {
    physical: share(counts.physical),
    app: share(counts.app),
    automation: share(counts.automation),
    own: share(counts.own),
  };
}
