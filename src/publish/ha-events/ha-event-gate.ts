// Whether this instance fires its events on Home Assistant's bus now: of several instances on one broker, only the publishing one does.

/**
 * fire: send (the publishing instance, or one that is alone); hold: keep them queued while it is
 * decided which instance publishes; drop: another instance publishes and fires its own.
 */
export type HaEventMode = "fire" | "hold" | "drop";

export interface HaEventGate {
  mode(): HaEventMode;
  /** Called with the new mode each time it changes; the returned function removes the listener. */
  onChange(fn: (mode: HaEventMode) => void): () => void;
}

/** The gate of an instance that is alone by design (no MQTT broker, tests): always fires. */
export const ALWAYS_FIRE: HaEventGate = {
  mode: () => "fire",
  onChange: () => () => {},
};
