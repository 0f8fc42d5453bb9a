// Which Home Assistant service brings an entity to a state, and which states Home Patterns never automates.
import { domainOf } from "../../core/home-event.js";

export interface EntityService {
  /** "light.turn_on": the `service:` of an action. */
  service: string;
  /** Service data beyond the target (hvac_mode, option, value). */
  data?: Record<string, unknown>;
}

export type ServiceChoice = { ok: true; call: EntityService } | { ok: false; reason: string };

const ON_OFF_DOMAINS = new Set([
  "light",
  "switch",
  "fan",
  "input_boolean",
  "siren",
  "humidifier",
  "remote",
  "water_heater",
]);
const HVAC_MODES = new Set(["off", "heat", "cool", "heat_cool", "auto", "dry", "fan_only"]);
/** Detectors name a press of a button or an activation of a scene "triggered" (their state is a time). */
const PRESSED = "triggered";

/** Opening these without anyone watching is a risk a learned habit does not justify. */
const ENTRANCE_WORDS = /(garage|gate|door|entrance)/;

export function serviceFor(entity: string, state: string): ServiceChoice {
  const domain = domainOf(entity);
  const call = (service: string, data?: Record<string, unknown>): ServiceChoice => ({
    ok: true,
    call: data ? { service: `${domain}.${service}`, data } : { service: `${domain}.${service}` },
  });
  const none = (reason: string): ServiceChoice => ({ ok: false, reason });

  if (ON_OFF_DOMAINS.has(domain) || domain === "script") {
    if (state === "on") return call("turn_on");
    if (state === "off") return call("turn_off");
    return none(`no ${domain} service brings ${entity} to "${state}"`);
  }
  switch (domain) {
    case "cover":
    case "valve": {
      const noun = domain === "cover" ? "cover" : "valve";
      if (state === "open" || state === "opening") {
        if (domain === "cover" && ENTRANCE_WORDS.test(entity)) {
          return none(
            `Home Patterns does not suggest opening ${entity} unattended: a door or gate left open is a security risk`,
          );
        }
        return call(`open_${noun}`);
      }
      if (state === "closed" || state === "closing") return call(`close_${noun}`);
      return none(`no ${domain} service brings ${entity} to "${state}"`);
    }
    case "lock":
      if (state === "locked") return call("lock");
      return none(
        `Home Patterns does not suggest unlocking ${entity} automatically: a learned habit is not proof that it is safe`,
      );
    case "alarm_control_panel": {
      const arm: Record<string, string> = {
        armed_away: "alarm_arm_away",
        armed_home: "alarm_arm_home",
        armed_night: "alarm_arm_night",
        armed_vacation: "alarm_arm_vacation",
      };
      if (arm[state]) return call(arm[state]);
      return none(`Home Patterns does not suggest disarming or changing ${entity} automatically: only arming it`);
    }
    case "media_player":
      if (state === "on") return call("turn_on");
      if (state === "off") return call("turn_off");
      if (state === "playing") return call("media_play");
      if (state === "paused") return call("media_pause");
      return none(`no media_player service brings ${entity} to "${state}"`);
    case "climate":
      if (HVAC_MODES.has(state)) return call("set_hvac_mode", { hvac_mode: state });
      return none(`"${state}" is not an HVAC mode ${entity} can be set to`);
    case "vacuum":
      if (state === "cleaning") return call("start");
      if (state === "docked" || state === "returning") return call("return_to_base");
      return none(`no vacuum service brings ${entity} to "${state}"`);
    case "lawn_mower":
      if (state === "mowing") return call("start_mowing");
      if (state === "docked") return call("dock");
      return none(`no lawn_mower service brings ${entity} to "${state}"`);
    case "input_select":
    case "select":
      return call("select_option", { option: state });
    case "scene":
      return state === PRESSED
        ? call("turn_on")
        : none(`a scene is activated, so ${entity} cannot be set to "${state}"`);
    case "button":
    case "input_button":
      return state === PRESSED ? call("press") : none(`a button is pressed, so ${entity} cannot be set to "${state}"`);
    default:
      return none(`Home Assistant cannot switch ${entity}: a ${domain} only reports what happens`);
  }
}
