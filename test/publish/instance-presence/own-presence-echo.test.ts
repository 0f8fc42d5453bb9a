// What a message on this instance's own presence topic means to the claim-after-echo election.
import { describe, expect, it } from "vitest";
import {
  type OwnPresenceEcho,
  type OwnPresenceState,
  ownPresenceEcho,
} from "../../../src/publish/instance-presence/own-presence-echo.js";

const STARTING = '{"id":"a1a1a1a1a1a1","role":"starting"}';
const CLAIMING = '{"id":"a1a1a1a1a1a1","role":"publishing"}';

const ANNOUNCED: OwnPresenceState = {
  running: true,
  unconfirmed: false,
  awaiting: STARTING,
  awaitingClaim: false,
  claimContested: false,
};
const CLAIMED: OwnPresenceState = { ...ANNOUNCED, awaiting: CLAIMING, awaitingClaim: true };

describe("the echo of this instance's own presence", () => {
  it.each<[string, string, boolean, OwnPresenceState, OwnPresenceEcho]>([
    ["the echo of our announcement", STARTING, false, ANNOUNCED, "announcement"],
    ["the echo of our claim, none other first", CLAIMING, false, CLAIMED, "won-claim"],
    [
      "the echo of our claim, another claim first",
      CLAIMING,
      false,
      { ...CLAIMED, claimContested: true },
      "contested-claim",
    ],
    ["our presence replayed from an earlier connection", STARTING, true, ANNOUNCED, "ignore"],
    ["a payload other than the one awaited", CLAIMING, false, ANNOUNCED, "ignore"],
    ["any payload when no echo is awaited", STARTING, false, { ...ANNOUNCED, awaiting: undefined }, "ignore"],
    ["deleted while running", "", false, ANNOUNCED, "deleted"],
    ["deleted once stopped", "", false, { ...ANNOUNCED, running: false }, "ignore"],
    ["a retained deletion", "", true, ANNOUNCED, "ignore"],
    [
      "any live payload after opening without an echo",
      CLAIMING,
      false,
      { ...ANNOUNCED, awaiting: undefined, unconfirmed: true },
      "late",
    ],
    ["a deletion after opening without an echo", "", false, { ...ANNOUNCED, unconfirmed: true }, "deleted"],
  ])("%s", (_, text, retained, state, expected) => {
    expect(ownPresenceEcho(text, retained, state)).toBe(expected);
  });
});
