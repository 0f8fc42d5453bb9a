// What a message on this instance's own presence topic means: an echo the claim-after-echo election waits for, or not.

export interface OwnPresenceState {
  running: boolean;
  /** Opened without the broker's echo (the echo timer): any sign that the broker delivers decides again. */
  unconfirmed: boolean;
  /** The payload whose echo we wait for. */
  awaiting: string | undefined;
  /** That payload claims to publish. */
  awaitingClaim: boolean;
  /** Another claim arrived live while ours was on its way: it was first. */
  claimContested: boolean;
}

/**
 * ignore: nothing to do; deleted: our presence was deleted while connected; late: the broker
 * delivers after all to an instance that opened without its echo; announcement: the echo of our
 * "starting"; contested-claim: the echo of our claim, another claim first; won-claim: the echo of
 * our claim, first.
 */
export type OwnPresenceEcho = "ignore" | "deleted" | "late" | "announcement" | "contested-claim" | "won-claim";

export function ownPresenceEcho(text: string, retained: boolean, state: OwnPresenceState): OwnPresenceEcho {
  // Our presence from an earlier connection of this run, replayed: not an echo.
  if (retained) return "ignore";
  if (text === "") return state.running ? "deleted" : "ignore";
  if (state.unconfirmed) return "late";
  if (text !== state.awaiting) return "ignore";
  if (!state.awaitingClaim) return "announcement";
  return state.claimContested ? "contested-claim" : "won-claim";
}
