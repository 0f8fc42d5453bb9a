// The simulated home's areas, devices and entities (registry shapes) and how each entity behaves.
import type { AreaRecord, DeviceRecord, EntityRecord } from "../../storage/registry-store.js";
import { hexId, Prng } from "./prng.js";

export type HomeSize = "small" | "default" | "large";

/** What drives an entity's events. */
export type EntityBehaviour =
  /** Residents' routines and the home's automations. */
  | { kind: "routine" }
  /** Motion from residents moving through and staying in the area. */
  | { kind: "motion"; area: string }
  /** Motion from short visits to a side room at random daytime hours. */
  | { kind: "visit"; area: string; perDay: number }
  | { kind: "presence" }
  | { kind: "sun" }
  | { kind: "weather" }
  | { kind: "outside_temperature" }
  /** A slowly wandering indoor reading, emitted when its rounded value changes. */
  | { kind: "indoor"; base: number; dailyAmplitude: number; peakHour: number; noise: number; resolution: number }
  /** Battery level that drains a percent every few days. */
  | { kind: "battery" }
  /** Chatty numeric power reading: its share of the events/day budget. */
  | { kind: "power"; base: number; spread: number; weight: number }
  /** A motion sensor that flaps on and off at any hour. */
  | { kind: "flapping"; weight: number }
  /** A media player whose state churns (playing, paused, buffering, idle) all day. */
  | { kind: "churn"; states: string[]; weight: number }
  /** Switched on and back off at random times, a few times a day. */
  | { kind: "toggle"; perDay: number };

export interface SimulatedEntity {
  entityId: string;
  name: string;
  /** Effective area (own or via the device), null for whole-home entities. */
  area: string | null;
  behaviour: EntityBehaviour;
  /**
   * The device_class its state attributes carry in Home Assistant ("motion", "door",
   * "temperature"); absent for domains that have none (lights, persons, the sun).
   */
  deviceClass?: string;
  /** The unit_of_measurement its state attributes carry ("°C", "W"): for sensors that measure. */
  unit?: string;
}

export interface HomeLayout {
  size: HomeSize;
  areas: AreaRecord[];
  devices: DeviceRecord[];
  entities: EntityRecord[];
  simulated: SimulatedEntity[];
}

interface EntityOptions {
  /** Share a device with other entities (key of a device already declared). */
  device?: string;
  /** Put the area on the device only (the entity's own area stays null, as HA often does). */
  areaOnDevice?: boolean;
  manufacturer?: string;
  model?: string;
  platform?: string;
  category?: string;
  /** No device at all (person, helpers). */
  noDevice?: boolean;
  /** The device_class Home Assistant would give it (see SimulatedEntity). */
  deviceClass?: string;
}

class LayoutBuilder {
  readonly areas: AreaRecord[] = [];
  readonly devices: DeviceRecord[] = [];
  readonly entities: EntityRecord[] = [];
  readonly simulated: SimulatedEntity[] = [];
  private readonly deviceIds = new Map<string, DeviceRecord>();

  area(areaId: string, name: string, floorId: string): void {
    this.areas.push({ areaId, name, floorId });
  }

  device(
    key: string,
    name: string,
    areaId: string | null,
    manufacturer: string,
    model: string,
    parentKey?: string,
  ): string {
    const deviceId = hexId(Prng.for("device", key));
    const parentDeviceId = parentKey ? (this.deviceIds.get(parentKey)?.deviceId ?? null) : null;
    const record: DeviceRecord = { deviceId, name, areaId, manufacturer, model, parentDeviceId };
    this.devices.push(record);
    this.deviceIds.set(key, record);
    return deviceId;
  }

  entity(
    entityId: string,
    name: string,
    area: string | null,
    behaviour: EntityBehaviour,
    opts: EntityOptions = {},
  ): void {
    const domain = entityId.slice(0, entityId.indexOf("."));
    let deviceId: string | null = null;
    if (opts.device) {
      deviceId = this.deviceIds.get(opts.device)?.deviceId ?? null;
    } else if (!opts.noDevice) {
      const manufacturer = opts.manufacturer ?? DEFAULT_MAKER[domain]?.[0] ?? "Generic";
      const model = opts.model ?? DEFAULT_MAKER[domain]?.[1] ?? domain;
      deviceId = this.device(entityId, name, area, manufacturer, model);
    }
    const ownArea = opts.areaOnDevice || opts.device ? null : area;
    this.entities.push({
      entityId,
      name,
      deviceId,
      areaId: ownArea,
      platform: opts.platform ?? DEFAULT_PLATFORM[domain] ?? domain,
      entityCategory: opts.category ?? null,
      disabled: false,
    });
    const simulated: SimulatedEntity = { entityId, name, area, behaviour };
    if (opts.deviceClass) simulated.deviceClass = opts.deviceClass;
    const unit = domain === "sensor" && opts.deviceClass ? UNIT_OF_CLASS[opts.deviceClass] : undefined;
    if (unit) simulated.unit = unit;
    this.simulated.push(simulated);
  }
}

/** The unit Home Assistant's sensors of a device class show by default (metric), as their attributes name it. */
const UNIT_OF_CLASS: Record<string, string> = {
  temperature: "°C",
  humidity: "%",
  illuminance: "lx",
  power: "W",
  battery: "%",
};

const DEFAULT_PLATFORM: Record<string, string> = {
  light: "hue",
  switch: "shelly",
  binary_sensor: "zha",
  sensor: "zha",
  media_player: "cast",
  climate: "tado",
  person: "person",
  sun: "sun",
  weather: "met",
};

const DEFAULT_MAKER: Record<string, [string, string]> = {
  light: ["Signify", "Hue white ambiance"],
  switch: ["Shelly", "Plus Plug S"],
  binary_sensor: ["Aqara", "RTCGQ11LM"],
  sensor: ["Aqara", "WSDCGQ11LM"],
  media_player: ["Google", "Chromecast"],
  climate: ["tado", "Smart Thermostat"],
};

const ROUTINE = { kind: "routine" } as const;
const toggle = (perDay: number): EntityBehaviour => ({ kind: "toggle", perDay });
const visit = (area: string, perDay: number): EntityBehaviour => ({ kind: "visit", area, perDay });
const power = (base: number, spread: number, weight: number): EntityBehaviour => ({
  kind: "power",
  base,
  spread,
  weight,
});
const indoor = (
  base: number,
  dailyAmplitude: number,
  peakHour: number,
  noise: number,
  resolution: number,
): EntityBehaviour => ({
  kind: "indoor",
  base,
  dailyAmplitude,
  peakHour,
  noise,
  resolution,
});
/** A plug's power reading, as the Shelly integration reports it. */
const SHELLY: EntityOptions = {
  manufacturer: "Shelly",
  model: "Plus Plug S",
  platform: "shelly",
  deviceClass: "power",
};
/** Contact sensors: the class says what they are fitted to, as the user picks it in Home Assistant. */
const DOOR: EntityOptions = { model: "MCCGQ11LM", deviceClass: "door" };
const GARAGE_DOOR: EntityOptions = { model: "MCCGQ11LM", deviceClass: "garage_door" };
const WINDOW: EntityOptions = { model: "MCCGQ11LM", deviceClass: "window" };
/** A motion sensor: the area sits on the device only, as Home Assistant does for most sensors. */
const MOTION_SENSOR: EntityOptions = { areaOnDevice: true, deviceClass: "motion" };
/** A reading of the Aqara climate sensor (the default sensor model) or another sensor. */
const reading = (deviceClass: string, opts: EntityOptions = {}): EntityOptions => ({ ...opts, deviceClass });
const titleOf = (area: string): string => {
  const words = area.replaceAll("_", " ");
  return words[0].toUpperCase() + words.slice(1);
};
const motion = (area: string): EntityBehaviour => ({ kind: "motion", area });

/** Builds the home for a size: small ≈ 30 entities, default ≈ 50, large ≈ 120. */
export function buildHomeLayout(size: HomeSize): HomeLayout {
  const b = new LayoutBuilder();
  addCoreHome(b);
  if (size !== "small") addDefaultRooms(b);
  if (size === "large") addLargeRooms(b);
  return { size, areas: b.areas, devices: b.devices, entities: b.entities, simulated: b.simulated };
}

/** Everything the planted routines need; identical in every size so the ground truth is too. */
function addCoreHome(b: LayoutBuilder): void {
  for (const [id, name] of [
    ["entrance", "Entrance"],
    ["hallway", "Hallway"],
    ["kitchen", "Kitchen"],
    ["living_room", "Living room"],
    ["bedroom", "Bedroom"],
    ["bathroom", "Bathroom"],
    ["office", "Office"],
    ["garden", "Garden"],
  ]) {
    b.area(id, name, id === "garden" ? "outside" : "ground_floor");
  }
  b.entity("person.alex", "Alex", null, { kind: "presence" }, { noDevice: true });
  b.entity("person.sam", "Sam", null, { kind: "presence" }, { noDevice: true });
  b.device("sun", "Sun", null, "Home Assistant", "Sun");
  b.entity("sun.sun", "Sun", null, { kind: "sun" }, { device: "sun" });
  b.device("forecast", "Forecast Home", null, "Met.no", "Forecast");
  b.entity("weather.home", "Forecast Home", null, { kind: "weather" }, { device: "forecast" });
  const outdoor = reading("temperature", { model: "Outdoor sensor" });
  b.entity("sensor.outside_temperature", "Outside temperature", "garden", { kind: "outside_temperature" }, outdoor);

  for (const [area, name] of [
    ["kitchen", "Kitchen light"],
    ["hallway", "Hallway light"],
    ["bedroom", "Bedroom light"],
    ["bathroom", "Bathroom light"],
    ["living_room", "Living room light"],
    ["office", "Office light"],
    ["garden", "Garden light"],
  ]) {
    b.entity(`light.${area}`, name, area, ROUTINE);
  }
  b.entity("light.porch", "Porch light", "entrance", ROUTINE);
  b.entity("switch.bathroom_fan", "Bathroom fan", "bathroom", ROUTINE);
  b.entity("switch.coffee_maker", "Coffee maker", "kitchen", ROUTINE);
  b.entity("switch.space_heater", "Space heater", "office", ROUTINE);
  b.entity("climate.living_room", "Living room thermostat", "living_room", ROUTINE);
  b.device("tv", "Living room TV", "living_room", "LG", "OLED55C3");
  b.entity("media_player.living_room_tv", "Living room TV", "living_room", ROUTINE, {
    device: "tv",
    platform: "webostv",
    deviceClass: "tv",
  });

  for (const area of ["hallway", "kitchen", "living_room", "bedroom", "bathroom", "office"]) {
    b.entity(`binary_sensor.${area}_motion`, `${titleOf(area)} motion`, area, motion(area), MOTION_SENSOR);
  }
  b.entity("binary_sensor.front_door", "Front door", "entrance", ROUTINE, DOOR);

  // Noise that must never look like a habit.
  b.entity(
    "binary_sensor.garden_motion",
    "Garden motion",
    "garden",
    { kind: "flapping", weight: 0.1 },
    { model: "Outdoor PIR", deviceClass: "motion" },
  );
  b.entity("sensor.fridge_power", "Fridge power", "kitchen", power(60, 45, 0.35), SHELLY);
  b.entity("switch.desk_lamp", "Desk lamp", "office", toggle(3));
}

function addDefaultRooms(b: LayoutBuilder): void {
  b.area("dining_room", "Dining room", "ground_floor");
  b.area("garage", "Garage", "ground_floor");
  b.area("laundry", "Laundry room", "ground_floor");

  b.entity("light.dining_room", "Dining room light", "dining_room", toggle(2));
  b.entity(
    "binary_sensor.dining_room_motion",
    "Dining room motion",
    "dining_room",
    visit("dining_room", 3),
    MOTION_SENSOR,
  );
  b.entity("light.garage", "Garage light", "garage", toggle(1));
  b.entity("binary_sensor.garage_door", "Garage door", "garage", toggle(2), GARAGE_DOOR);
  b.entity("binary_sensor.garage_motion", "Garage motion", "garage", visit("garage", 2), MOTION_SENSOR);
  b.entity("binary_sensor.laundry_motion", "Laundry motion", "laundry", visit("laundry", 2), MOTION_SENSOR);
  b.entity("light.laundry", "Laundry light", "laundry", toggle(2));
  b.entity("switch.dehumidifier", "Dehumidifier", "laundry", toggle(2));
  b.entity("sensor.washing_machine_power", "Washing machine power", "laundry", power(5, 400, 0.15), SHELLY);
  b.entity("sensor.network_rack_power", "Network rack power", "office", power(38, 6, 0.15), SHELLY);
  b.device("tv-plug", "TV smart plug", null, "Shelly", "Plus Plug S", "tv");
  b.entity("sensor.tv_power", "TV power", "living_room", power(2, 90, 0.1), {
    device: "tv-plug",
    platform: "shelly",
    deviceClass: "power",
  });
  const churn: EntityBehaviour = { kind: "churn", states: ["playing", "paused", "buffering", "idle"], weight: 0.1 };
  b.entity("media_player.kitchen_speaker", "Kitchen speaker", "kitchen", churn, { deviceClass: "speaker" });
  b.entity("binary_sensor.back_door", "Back door", "garden", toggle(3), DOOR);
  b.entity("binary_sensor.bedroom_window", "Bedroom window", "bedroom", toggle(2), WINDOW);
  b.entity("binary_sensor.living_room_window", "Living room window", "living_room", toggle(2), WINDOW);
  b.entity("light.living_room_lamp", "Living room lamp", "living_room", toggle(2));
  for (const area of ["living_room", "bedroom", "kitchen", "office"]) {
    const peak = area === "bedroom" ? 22 : 19;
    const temperature = indoor(20.5, 1, peak, 0.4, 0.1);
    b.entity(`sensor.${area}_temperature`, `${titleOf(area)} temperature`, area, temperature, reading("temperature"));
  }
  const humidity = reading("humidity");
  b.entity("sensor.bathroom_humidity", "Bathroom humidity", "bathroom", indoor(58, 6, 7, 5, 1), humidity);
  b.entity("sensor.laundry_humidity", "Laundry humidity", "laundry", indoor(52, 3, 15, 4, 1), humidity);
}

function addLargeRooms(b: LayoutBuilder): void {
  const upstairs: [string, string][] = [
    ["upstairs_hallway", "Upstairs hallway"],
    ["kids_room", "Kids room"],
    ["nursery", "Nursery"],
    ["guest_room", "Guest room"],
    ["second_bathroom", "Second bathroom"],
    ["attic", "Attic"],
    ["basement", "Basement"],
    ["utility_room", "Utility room"],
  ];
  for (const [area, name] of upstairs) {
    b.area(area, name, area === "basement" || area === "utility_room" ? "basement" : "first_floor");
    b.entity(`light.${area}`, `${name} light`, area, toggle(2));
    b.entity(`binary_sensor.${area}_motion`, `${name} motion`, area, { kind: "visit", area, perDay: 2 }, MOTION_SENSOR);
    b.entity(`binary_sensor.${area}_window`, `${name} window`, area, toggle(1), WINDOW);
    const temperature = indoor(19.5, 1, 18, 0.5, 0.1);
    b.entity(`sensor.${area}_temperature`, `${name} temperature`, area, temperature, reading("temperature"));
    b.entity(`sensor.${area}_humidity`, `${name} humidity`, area, indoor(50, 3, 8, 4, 1), reading("humidity"));
    b.entity(`sensor.${area}_plug_power`, `${name} plug power`, area, power(12, 20, 0.02), SHELLY);
  }
  const withMotion = [
    "hallway",
    "kitchen",
    "living_room",
    "bedroom",
    "bathroom",
    "office",
    "dining_room",
    "garage",
    "laundry",
  ];
  for (const area of withMotion) {
    const illuminance = indoor(120, 100, 13, 30, 10);
    b.entity(`sensor.${area}_illuminance`, `${titleOf(area)} illuminance`, area, illuminance, reading("illuminance"));
    // The battery reading belongs to the motion sensor's device and takes its area from there.
    const motionDevice = { device: `binary_sensor.${area}_motion`, category: "diagnostic", deviceClass: "battery" };
    b.entity(
      `sensor.${area}_motion_battery`,
      `${titleOf(area)} motion battery`,
      area,
      { kind: "battery" },
      motionDevice,
    );
  }
  for (const [id, name, area] of [
    ["light.kitchen_counter", "Kitchen counter", "kitchen"],
    ["light.bedroom_reading", "Bedroom reading light", "bedroom"],
    ["light.dining_pendant", "Dining pendant", "dining_room"],
    ["light.stairs", "Stairs light", "hallway"],
  ]) {
    b.entity(id, name, area, toggle(2));
  }
}
