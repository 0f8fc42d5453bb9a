// Which changes are a person operating something: what "next action" predictions learn and are judged on.
import { domainOf, type HomeEvent, isAutomated } from "../../core/home-event.js";
import { OWN_USER } from "./change-cause.js";
import { habitState, isActiveState, isControllable } from "./entity-classes.js";

/** Observers of people, not things people operate: their firing says where someone is, not what they did. */
const OBSERVER = /(^|_)(motion|presence|occupancy_sensor|illuminance|moving)(_|$)/;

/**
 * A person's action: not caused by an automation nor by Home Patterns, and either a change of something a person
 * operates (a light, a switch, a TV) or a sensor on something they handle going active (a door,
 * a cupboard, a fridge, a bed or seat mat, a flush). Motion and presence sensors are not actions.
 */
export function isManualAction(e: HomeEvent): boolean {
  if (isAutomated(e) || e.user === OWN_USER) return false;
  if (e.previous !== undefined && e.previous === e.state) return false;
  if (habitState(e.entity, e.state) === null) return false;
  // A player going from playing to paused or buffering is the stream, not a person: only
  // switching it on from rest or off counts, as a press of its power button would.
  if (domainOf(e.entity) === "media_player")
    return e.previous === undefined || isActiveState(e.entity, e.previous) !== isActiveState(e.entity, e.state);
  if (isControllable(e.entity)) return true;
  if (domainOf(e.entity) !== "binary_sensor") return false;
  return isActiveState(e.entity, e.state) && !OBSERVER.test(e.entity.slice(e.entity.indexOf(".") + 1));
}

/** Whether a presence entity's state says someone is home (person, device_tracker). */
export function presenceOf(e: HomeEvent): boolean | null {
  const domain = domainOf(e.entity);
  if (domain !== "person" && domain !== "device_tracker") return null;
  if (e.state === "unknown" || e.state === "unavailable") return null;
  return e.state === "home";
}
