// Whether this instance may publish to Home Assistant now: closed while another instance does.

export interface PublishingGate {
  /** True while this instance is the one that announces entities to Home Assistant. */
  isOpen(): boolean;
  /** Called with the new value each time it changes; the returned function removes the listener. */
  onChange(fn: (open: boolean) => void): () => void;
}

/** The gate of an instance that is alone by design (tests, a publisher without presence): always open. */
export const ALWAYS_OPEN: PublishingGate = {
  isOpen: () => true,
  onChange: () => () => {},
};
