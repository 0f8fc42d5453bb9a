// What this instance knows of the other instances on the broker: their presences, heard live or only replayed.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Peer } from "./presence-election.js";
import { type InstancePresence, parsePresence } from "./presence-message.js";

/** gone: its presence was deleted; unreadable: ignored, what was known of it stays; heard: its presence now. */
export type PeerNews = { kind: "gone" } | { kind: "unreadable" } | { kind: "heard"; presence: InstancePresence };

export interface PeerPresences {
  /** A message on another instance's presence topic. */
  receive(topic: string, text: string, retained: boolean): PeerNews;
  all(): ReadonlyMap<string, Peer>;
  /** Some presence was replayed by the broker and not heard live since. */
  anyUnanswered(): boolean;
  /** Forgets the presences not heard live and returns them by topic. */
  takeUnanswered(): [string, InstancePresence][];
  clear(): void;
}

export function createPeerPresences(logger: Logger): PeerPresences {
  const peers = new Map<string, Peer>();
  const unreadable = new Set<string>();
  return {
    receive(topic, text, retained) {
      if (text === "") {
        const gone = peers.get(topic);
        peers.delete(topic);
        if (gone) logger.info("another Home Patterns instance went offline", describePeer(gone.presence));
        return { kind: "gone" };
      }
      let presence: InstancePresence;
      try {
        presence = parsePresence(text);
      } catch (err) {
        if (!unreadable.has(topic)) {
          unreadable.add(topic);
          logger.warn("ignoring an unreadable Home Patterns presence message", { topic, error: errorMessage(err) });
        }
        return { kind: "unreadable" };
      }
      const live = !retained || peers.get(topic)?.live === true;
      peers.set(topic, { presence, live });
      return { kind: "heard", presence };
    },
    all: () => peers,
    anyUnanswered: () => [...peers.values()].some((p) => !p.live),
    takeUnanswered() {
      const taken: [string, InstancePresence][] = [];
      for (const [topic, peer] of [...peers]) {
        if (peer.live) continue;
        peers.delete(topic);
        taken.push([topic, peer.presence]);
      }
      return taken;
    },
    clear: () => peers.clear(),
  };
}

/** Another instance as the log names it. */
export function describePeer(presence: InstancePresence): Record<string, unknown> {
  return {
    otherInstance: presence.id,
    host: presence.host,
    version: presence.version,
    startedAt: new Date(presence.startedAt).toISOString(),
    role: presence.role,
  };
}
