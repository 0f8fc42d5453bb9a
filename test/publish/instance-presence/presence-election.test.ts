// The election decided from the peers' presences and our own state alone: claim, stand by, or wait.
import { describe, expect, it } from "vitest";
import {
  type ElectionState,
  type ElectionStep,
  electionStep,
  type Peer,
  publishingPeer,
} from "../../../src/publish/instance-presence/presence-election.js";
import {
  type InstancePresence,
  type PresenceRole,
  presenceTopic,
} from "../../../src/publish/instance-presence/presence-message.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");

function peer(id: string, role: PresenceRole, live: boolean): [string, Peer] {
  const presence: InstancePresence = { id, run: "0000aaaa", host: `${id}-host`, version: "0.1.0", startedAt: T0, role };
  return [presenceTopic(presence), { presence, live }];
}

const LIVE_PUBLISHER = peer("a1a1a1a1a1a1", "publishing", true);
const REPLAYED_PUBLISHER = peer("c3c3c3c3c3c3", "publishing", false);
const LIVE_STANDBY = peer("d4d4d4d4d4d4", "standby", true);
const LIVE_STARTING = peer("e5e5e5e5e5e5", "starting", true);

const READY: ElectionState = {
  running: true,
  connected: true,
  awaitingEcho: false,
  open: false,
  announced: "starting",
  peers: new Map(),
};

const WAIT: ElectionStep = { action: "wait" };
const CLAIM: ElectionStep = { action: "claim" };
const standBy = (announce: boolean): ElectionStep => ({
  action: "stand-by",
  topic: LIVE_PUBLISHER[0],
  publisher: LIVE_PUBLISHER[1].presence,
  announce,
});

describe("the presence election step", () => {
  it.each<[string, Partial<ElectionState>, ElectionStep]>([
    ["alone: claims", {}, CLAIM],
    ["only a standby and a starting one: claims", { peers: new Map([LIVE_STANDBY, LIVE_STARTING]) }, CLAIM],
    ["a publisher heard live: stands by, announcing it", { peers: new Map([LIVE_PUBLISHER]) }, standBy(true)],
    [
      "a publisher heard live, already standing by: stays, without announcing again",
      { peers: new Map([LIVE_PUBLISHER]), announced: "standby" },
      standBy(false),
    ],
    [
      "a publisher heard live besides one only replayed: stands by for the live one",
      { peers: new Map([REPLAYED_PUBLISHER, LIVE_PUBLISHER]) },
      standBy(true),
    ],
    [
      "a publisher only replayed by the broker: waits for the roll call",
      { peers: new Map([REPLAYED_PUBLISHER]) },
      WAIT,
    ],
    ["our presence's echo still awaited: waits", { awaitingEcho: true }, WAIT],
    ["publishing already: waits", { open: true, peers: new Map([LIVE_PUBLISHER]) }, WAIT],
    ["not connected: waits", { connected: false }, WAIT],
    ["stopped: waits", { running: false }, WAIT],
  ])("%s", (_, change, expected) => {
    expect(electionStep({ ...READY, ...change })).toEqual(expected);
  });
});

describe("the publishing peer", () => {
  it.each<[string, [string, Peer][], string | undefined]>([
    ["none among standbys", [LIVE_STANDBY, LIVE_STARTING], undefined],
    ["the one replayed when no other publishes", [LIVE_STANDBY, REPLAYED_PUBLISHER], "c3c3c3c3c3c3"],
    ["the live one before one replayed earlier", [REPLAYED_PUBLISHER, LIVE_PUBLISHER], "a1a1a1a1a1a1"],
  ])("%s", (_, peers, expectedId) => {
    expect(publishingPeer(new Map(peers))?.[1].presence.id).toBe(expectedId);
  });
});
