// Sensors whose "on" is something a person did with a thing: the fridge opened, the toilet flushed.
import { domainOf } from "../../core/home-event.js";
import { isPresenceHeld } from "./presence-sensors.js";

/**
 * A motion sensor or a room door says someone passed; a contact on the fridge or a cupboard, a
 * flush, an appliance's power or a bed mat says what they did, and when they do it is a habit worth
 * telling even though nothing can be switched. Known by the words HA users name them with.
 */
const ACT_WORDS =
  /(^|_)(fridge|refrigerator|freezer|cupboard|cabinet|drawer|pantry|microwave|oven|stove|cooktop|hob|toaster|kettle|coffee|dishwasher|washer|washing|dryer|flush|toilet_flush|power|plug|appliance)(_|$)/;

export function isActSensor(entity: string): boolean {
  const domain = domainOf(entity);
  if (domain !== "binary_sensor") return false;
  return isPresenceHeld(entity) || ACT_WORDS.test(entity.slice(entity.indexOf(".") + 1));
}
