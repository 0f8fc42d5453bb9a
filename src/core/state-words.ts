// A state in words, as Home Assistant shows it: a door binary_sensor is "Open", not "on".

/** The device class an entity's state attributes named, or null/undefined when none is known. */
export type DeviceClassOf = (entity: string) => string | null | undefined;

interface BinaryWords {
  /** Home Assistant's state words for off and on. */
  off: string;
  on: string;
  /** What reaching each state means, after the entity's name ("opens", "detects motion"). */
  turnsOff: string;
  turnsOn: string;
}

const opening = (): BinaryWords => ({ off: "Closed", on: "Open", turnsOff: "closes", turnsOn: "opens" });
const detector = (what: string): BinaryWords => ({
  off: "Clear",
  on: "Detected",
  turnsOff: "clears",
  turnsOn: `detects ${what}`,
});

/** Home Assistant's binary_sensor device classes; a class not listed keeps the plain on/off wording. */
const BINARY_SENSOR: Record<string, BinaryWords> = {
  battery: { off: "Normal", on: "Low", turnsOff: "is back to a normal battery", turnsOn: "runs low on battery" },
  battery_charging: { off: "Not charging", on: "Charging", turnsOff: "stops charging", turnsOn: "starts charging" },
  carbon_monoxide: detector("carbon monoxide"),
  cold: { off: "Normal", on: "Cold", turnsOff: "is back to normal", turnsOn: "turns cold" },
  connectivity: { off: "Disconnected", on: "Connected", turnsOff: "disconnects", turnsOn: "connects" },
  door: opening(),
  garage_door: opening(),
  gas: detector("gas"),
  heat: { off: "Normal", on: "Hot", turnsOff: "is back to normal", turnsOn: "turns hot" },
  light: { off: "No light", on: "Light detected", turnsOff: "detects no light", turnsOn: "detects light" },
  lock: { off: "Locked", on: "Unlocked", turnsOff: "locks", turnsOn: "unlocks" },
  moisture: { off: "Dry", on: "Wet", turnsOff: "turns dry", turnsOn: "turns wet" },
  motion: detector("motion"),
  moving: { off: "Not moving", on: "Moving", turnsOff: "stops moving", turnsOn: "starts moving" },
  occupancy: detector("someone"),
  opening: opening(),
  plug: { off: "Unplugged", on: "Plugged in", turnsOff: "is unplugged", turnsOn: "is plugged in" },
  presence: { off: "Away", on: "Home", turnsOff: "goes away", turnsOn: "comes home" },
  problem: { off: "OK", on: "Problem", turnsOff: "is OK again", turnsOn: "reports a problem" },
  running: { off: "Not running", on: "Running", turnsOff: "stops running", turnsOn: "starts running" },
  safety: { off: "Safe", on: "Unsafe", turnsOff: "turns safe", turnsOn: "turns unsafe" },
  smoke: detector("smoke"),
  sound: detector("sound"),
  tamper: { off: "Clear", on: "Tampering detected", turnsOff: "clears", turnsOn: "detects tampering" },
  update: { off: "Up-to-date", on: "Update available", turnsOff: "is up to date", turnsOn: "has an update available" },
  vibration: detector("vibration"),
  window: opening(),
};

/** The verbs findings have always used for a state, whatever the entity. */
const VERBS: Record<string, string> = {
  on: "turns on",
  off: "turns off",
  open: "opens",
  closed: "closes",
  opening: "starts opening",
  closing: "starts closing",
  playing: "starts playing",
  paused: "pauses",
  idle: "goes idle",
  locked: "locks",
  unlocked: "unlocks",
  home: "arrives home",
  not_home: "leaves home",
  triggered: "is activated",
  heat: "starts heating",
  cool: "starts cooling",
  cleaning: "starts cleaning",
  docked: "docks",
};

function binaryWords(entity: string, state: string, deviceClass: string | null | undefined): BinaryWords | undefined {
  if (!deviceClass || (state !== "on" && state !== "off") || !entity.startsWith("binary_sensor.")) return undefined;
  return Object.hasOwn(BINARY_SENSOR, deviceClass) ? BINARY_SENSOR[deviceClass] : undefined;
}

/**
 * The word Home Assistant shows for a state: "Open" for a door binary_sensor that is "on",
 * "Detected" for motion. Without a known device class (or for other domains) the state itself.
 */
export function stateLabel(entity: string, state: string, deviceClass?: string | null): string {
  const words = binaryWords(entity, state, deviceClass);
  if (!words) return state;
  return state === "on" ? words.on : words.off;
}

/** The label inside a sentence or chain: "open", "detected", but "OK" stays as written. */
export function stateLabelInline(entity: string, state: string, deviceClass?: string | null): string {
  const label = stateLabel(entity, state, deviceClass);
  if (label === state) return state === "triggered" ? "activated" : state.replace(/_/g, " ");
  return label === label.toUpperCase() ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** States whose word does not follow "it was": a thermostat that "was heat" was heating. */
const BEING: Record<string, string> = {
  heat: "heating",
  cool: "cooling",
  heat_cool: "heating or cooling",
  dry: "drying",
  fan_only: "running its fan",
  auto: "on auto",
  not_home: "away",
};

/** A state after "while it was": "on", "open", "heating", "away"; one without words of its own 'in "eco"'. */
export function stateBeing(entity: string, state: string, deviceClass?: string | null): string {
  if (hasStateWords(entity, state, deviceClass)) return stateLabelInline(entity, state, deviceClass);
  if (Object.hasOwn(BEING, state)) return BEING[state];
  return Object.hasOwn(VERBS, state) ? stateLabelInline(entity, state, deviceClass) : `in "${state}"`;
}

/** What reaching a state means after the entity's name: "opens", "detects motion", "turns on", 'changes to "eco"'. */
export function stateVerb(entity: string, state: string, deviceClass?: string | null): string {
  const words = binaryWords(entity, state, deviceClass);
  if (words) return state === "on" ? words.turnsOn : words.turnsOff;
  return VERBS[state] ?? `changes to "${state}"`;
}

/** True when the device class changes how a state of this entity is put in words. */
export function hasStateWords(entity: string, state: string, deviceClass?: string | null): boolean {
  return binaryWords(entity, state, deviceClass) !== undefined;
}
