// What the entity page calls the spans a device spends in its "on" states (on-intervals'
// isActiveState): a person is home, a lock unlocked, a door open, a thermostat heating or cooling.
import { stateLabelInline } from "./state-words.js";

export interface ActiveSpanWords {
  /** The card's heading: "How long it stays on", "How long they stay home". */
  heading: string;
  /** One such span, for "No … has ended yet": "on-period", "stay at home". */
  span: string;
}

const BY_DOMAIN: Record<string, ActiveSpanWords> = {
  person: { heading: "How long they stay home", span: "stay at home" },
  device_tracker: { heading: "How long it stays home", span: "stay at home" },
  lock: { heading: "How long it stays unlocked", span: "unlocked period" },
  cover: { heading: "How long it stays open", span: "open period" },
  valve: { heading: "How long it stays open", span: "open period" },
  climate: { heading: "How long it heats or cools", span: "heating or cooling period" },
  vacuum: { heading: "How long it cleans", span: "cleaning run" },
  lawn_mower: { heading: "How long it mows", span: "mowing run" },
};

const ON: ActiveSpanWords = { heading: "How long it stays on", span: "on-period" };
const OPEN: ActiveSpanWords = { heading: "How long it stays open", span: "open period" };

export function activeSpanWords(entity: string, deviceClass?: string | null): ActiveSpanWords {
  const domain = entity.slice(0, entity.indexOf("."));
  if (Object.hasOwn(BY_DOMAIN, domain)) return BY_DOMAIN[domain];
  // A door or window sensor's "on" is Home Assistant's "Open"; motion's "Detected" reads as on.
  if (domain === "binary_sensor" && stateLabelInline(entity, "on", deviceClass) === "open") return OPEN;
  return ON;
}
