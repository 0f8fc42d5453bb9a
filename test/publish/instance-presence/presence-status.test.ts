// The presence snapshot /api/health shows: this instance's role and the others, the publishing one first.
import { describe, expect, it } from "vitest";
import type { InstancePresence, PresenceRole } from "../../../src/publish/instance-presence/presence-message.js";
import { presenceStatus } from "../../../src/publish/instance-presence/presence-status.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const SELF = { id: "b2b2b2b2b2b2", run: "0000bbbb", host: "new-nuc", version: "0.2.0", startedAt: T0 };

function other(id: string, role: PresenceRole, startedAt: number): InstancePresence {
  return { id, run: "0000aaaa", host: `${id}-host`, version: "0.1.0", startedAt, role };
}

describe("the instance presence status", () => {
  it.each<[string, boolean, PresenceRole, PresenceRole]>([
    ["open", true, "publishing", "publishing"],
    ["open without its echo, still announced as starting", true, "starting", "publishing"],
    ["standing by", false, "standby", "standby"],
    ["claimed, its echo not back yet", false, "publishing", "starting"],
    ["deciding", false, "starting", "starting"],
  ])("says %s as its role", (_, open, announced, role) => {
    const facts = { open, announced, broker: "connected" as const, supersededBy: null };
    expect(presenceStatus(SELF, [], facts)).toEqual({ ...SELF, role, others: [], broker: "connected" });
  });

  it("stands by for the instance that announced on Home Assistant's bus, listing it once", () => {
    const by = { id: "a1a1a1a1a1a1", run: "0000aaaa", host: "old-nuc", version: "0.1.0", startedAt: T0 - 1 };
    const facts = { open: false, announced: "starting" as const, broker: "disconnected" as const, supersededBy: by };
    const fenced = presenceStatus(SELF, [], facts);
    expect([fenced.role, fenced.broker]).toEqual(["standby", "disconnected"]);
    expect(fenced.others).toEqual([{ ...by, role: "publishing" }]);
    // Back on the broker, the same instance's own presence is listed, not a second copy.
    expect(presenceStatus(SELF, [{ ...by, role: "publishing" }], facts).others).toHaveLength(1);
  });

  it("lists the publishing instance first, then the others oldest first", () => {
    const late = other("e5e5e5e5e5e5", "standby", T0 + 120_000);
    const early = other("d4d4d4d4d4d4", "starting", T0 - 60_000);
    const publisher = other("a1a1a1a1a1a1", "publishing", T0 + 60_000);
    const facts = { open: false, announced: "standby" as const, broker: "connected" as const, supersededBy: null };
    expect(presenceStatus(SELF, [late, early, publisher], facts).others).toEqual([publisher, early, late]);
  });
});
