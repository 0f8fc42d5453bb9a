// What an instance knows of the others: a presence replayed by the broker counts as live only once heard live.
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { createPeerPresences } from "../../../src/publish/instance-presence/peer-presences.js";
import {
  formatPresence,
  type InstancePresence,
  presenceTopic,
} from "../../../src/publish/instance-presence/presence-message.js";
import { oldHostInstance } from "../../support/test-instances.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const OLD: InstancePresence = { ...oldHostInstance(T0), role: "publishing" };
const TOPIC = presenceTopic(OLD);
const OTHER: InstancePresence = { ...OLD, id: "c3c3c3c3c3c3", run: "0000cccc" };
const OTHER_TOPIC = presenceTopic(OTHER);

describe("peer presences", () => {
  it("takes a presence only replayed as unanswered, and one heard live as answered for good", () => {
    const peers = createPeerPresences(createMemoryLogger());
    expect(peers.receive(TOPIC, formatPresence(OLD), true)).toEqual({ kind: "heard", presence: OLD });
    expect(peers.all().get(TOPIC)).toEqual({ presence: OLD, live: false });
    expect(peers.anyUnanswered()).toBe(true);
    peers.receive(TOPIC, formatPresence({ ...OLD, role: "standby" }), false);
    // Replayed again at a later subscription: still the live instance it was.
    peers.receive(TOPIC, formatPresence(OLD), true);
    expect(peers.all().get(TOPIC)).toEqual({ presence: OLD, live: true });
    expect(peers.anyUnanswered()).toBe(false);
  });

  it("hands over and forgets only the unanswered presences", () => {
    const peers = createPeerPresences(createMemoryLogger());
    peers.receive(TOPIC, formatPresence(OLD), false);
    peers.receive(OTHER_TOPIC, formatPresence(OTHER), true);
    expect(peers.takeUnanswered()).toEqual([[OTHER_TOPIC, OTHER]]);
    expect([...peers.all().keys()]).toEqual([TOPIC]);
    expect(peers.takeUnanswered()).toEqual([]);
  });

  it("keeps what it knew when a presence is unreadable, and warns once per topic", () => {
    const logger = createMemoryLogger();
    const peers = createPeerPresences(logger);
    peers.receive(TOPIC, formatPresence(OLD), false);
    expect(peers.receive(TOPIC, "not json", false)).toEqual({ kind: "unreadable" });
    expect(peers.receive(TOPIC, '{"id":"x"}', false)).toEqual({ kind: "unreadable" });
    expect(peers.all().get(TOPIC)).toEqual({ presence: OLD, live: true });
    const warnings = logger.lines.filter((l) => l.includes("WARN"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("ignoring an unreadable Home Patterns presence message");
  });

  it("forgets a deleted presence and says the instance went offline", () => {
    const logger = createMemoryLogger();
    const peers = createPeerPresences(logger);
    peers.receive(TOPIC, formatPresence(OLD), false);
    expect(peers.receive(TOPIC, "", false)).toEqual({ kind: "gone" });
    expect(peers.all().size).toBe(0);
    expect(logger.lines.filter((l) => l.includes("went offline"))).toHaveLength(1);
    // A deletion of one never known: nothing to say.
    peers.receive(OTHER_TOPIC, "", false);
    expect(logger.lines.filter((l) => l.includes("went offline"))).toHaveLength(1);
  });
});
