// Whether this instance writes where every instance of one home would write the same thing (Home Assistant's bus, the Redis live bus): only the publishing one does.

/**
 * write: send (the publishing instance, or one that is alone); hold: keep it queued while it is
 * decided which instance publishes; drop: another instance publishes and writes its own.
 */
export type WriteMode = "write" | "hold" | "drop";

export interface WriteGate {
  mode(): WriteMode;
  /** Called with the new mode each time it changes; the returned function removes the listener. */
  onChange(fn: (mode: WriteMode) => void): () => void;
}

/** The gate of an instance that is alone by design (no MQTT broker, tests): always writes. */
export const ALWAYS_WRITE: WriteGate = {
  mode: () => "write",
  onChange: () => () => {},
};
