// Whether this instance claims, stands by or waits: a decision from the others' presences and our own state alone.
import type { InstancePresence, PresenceRole } from "./presence-message.js";

export interface Peer {
  presence: InstancePresence;
  /** Heard live since our subscription, not only replayed from the broker's retained store. */
  live: boolean;
}

export interface ElectionState {
  running: boolean;
  connected: boolean;
  /** Our presence is on its way to the broker: nothing is decided before its echo is back. */
  awaitingEcho: boolean;
  /** This instance publishes already. */
  open: boolean;
  /** What our retained presence says. */
  announced: PresenceRole;
  /** The other instances' presences by topic. */
  peers: ReadonlyMap<string, Peer>;
}

export type ElectionStep =
  | { action: "wait" }
  | { action: "claim" }
  /** `announce`: our presence does not say standby yet. */
  | { action: "stand-by"; topic: string; publisher: InstancePresence; announce: boolean };

/** The instance that publishes, one heard live before one only replayed by the broker. */
export function publishingPeer(peers: ReadonlyMap<string, Peer>): [string, Peer] | undefined {
  const publishing = [...peers].filter(([, p]) => p.presence.role === "publishing");
  return publishing.find(([, p]) => p.live) ?? publishing[0];
}

/** Claims only when no other instance is known to publish. */
export function electionStep(state: ElectionState): ElectionStep {
  if (!state.running || !state.connected || state.awaitingEcho || state.open) return { action: "wait" };
  const publisher = publishingPeer(state.peers);
  if (publisher?.[1].live) {
    return {
      action: "stand-by",
      topic: publisher[0],
      publisher: publisher[1].presence,
      announce: state.announced !== "standby",
    };
  }
  // Replayed by the broker but not heard from yet: the roll call's answer, or the timer, decides.
  if (publisher) return { action: "wait" };
  return { action: "claim" };
}
