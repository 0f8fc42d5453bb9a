// What the entity page calls the spans a device spends in its "on" states (on-intervals'
// isActiveState): a person is home, a lock unlocked, a door open, a thermostat heating or cooling.
import { stateLabelInline } from "./state-words.js";

export interface ActiveSpanWords {
  /** The card's heading: "How long it stays on", "How long they stay home". */
  heading: string;
  /** One such span, for "No … has ended yet": "on-period", "stay at home". */
  span: string;
  /** More than one, for counts and the chart: "on-periods", "stays at home". */
  spans: string;
}

const BY_DOMAIN: Record<string, ActiveSpanWords> = {
  person: { heading: "How long they stay home", span: "stay at home", spans: "stays at home" },
  device_tracker: { heading: "How long it stays home", span: "stay at home", spans: "stays at home" },
  lock: { heading: "How long it stays unlocked", span: "unlocked period", spans: "unlocked periods" },
  cover: { heading: "How long it stays open", span: "open period", spans: "open periods" },
  valve: { heading: "How long it stays open", span: "open period", spans: "open periods" },
  climate: {
    heading: "How long it heats or cools",
    span: "heating or cooling period",
    spans: "heating or cooling periods",
  },
  vacuum: { heading: "How long it cleans", span: "cleaning run", spans: "cleaning runs" },
  lawn_mower: { heading: "How long it mows", span: "mowing run", spans: "mowing runs" },
};

const ON: ActiveSpanWords = { heading: "How long it stays on", span: "on-period", spans: "on-periods" };
const OPEN: ActiveSpanWords = { heading: "How long it stays open", span: "open period", spans: "open periods" };

export function activeSpanWords(entity: string, deviceClass?: string | null): ActiveSpanWords {
  const domain = entity.slice(0, entity.indexOf("."));
  if (Object.hasOwn(BY_DOMAIN, domain)) return BY_DOMAIN[domain];
  // A door or window sensor's "on" is Home Assistant's "Open"; motion's "Detected" reads as on.
  if (domain === "binary_sensor" && stateLabelInline(entity, "on", deviceClass) === "open") return OPEN;
  return ON;
}
