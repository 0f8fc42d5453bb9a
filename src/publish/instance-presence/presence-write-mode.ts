// The write gate's mode as the presence protocol's state gives it: write, hold or drop.
import type { WriteMode } from "../write-gate.js";
import type { PresenceRole } from "./presence-message.js";

/** The last decision: publishing, standing by, or alone because the broker never answered. */
export type PresenceDecision = "publishing" | "standby" | "alone";

export interface PresenceWriteState {
  /** This instance publishes to Home Assistant. */
  open: boolean;
  running: boolean;
  /** Between our connect and disconnect callbacks. */
  brokerUp: boolean;
  /** What our retained presence says. */
  announced: PresenceRole;
  /** Kept while the broker is away. */
  decided: PresenceDecision | undefined;
  /**
   * Another instance announced on Home Assistant's bus that the broker's election made it publish,
   * after this one's last decision: until the broker decides for this one again, it writes nothing.
   */
  superseded: boolean;
  /** A roll call on Home Assistant's bus is unanswered: whether another instance publishes is being asked. */
  askingOnBus: boolean;
}

/**
 * With the broker up, only the publishing instance writes and a standby drops. With the broker
 * away the last decision holds: a standby that loses it must not start writing what the publisher
 * writes, and an instance whose broker never answers writes as if alone. An instance another one
 * superseded (on Home Assistant's bus) drops whatever it decided last: that one writes now; one
 * that asks there whether another one publishes holds what it would write until it knows.
 */
export function presenceWriteMode(state: PresenceWriteState): WriteMode {
  if (state.running && state.superseded) return "drop";
  const mode = lastDecisionMode(state);
  return mode === "write" && state.running && state.askingOnBus ? "hold" : mode;
}

function lastDecisionMode(state: PresenceWriteState): WriteMode {
  if (state.open) return "write";
  if (!state.running) return "hold";
  if (state.brokerUp) return state.announced === "standby" ? "drop" : "hold";
  if (state.decided === undefined) return "hold";
  return state.decided === "standby" ? "drop" : "write";
}
