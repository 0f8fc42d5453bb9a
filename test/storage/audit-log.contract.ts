// The behaviour every AuditLog must show, run against each implementation.
import { describe, expect, it } from "vitest";
import type { AuditLog, NewAuditEntry } from "../../src/storage/audit-log.js";

const alice = { actorId: "8f3b0c6d2a4e4f1b9c7d5e3a1b2c4d6e", actorName: "Alice", via: "ingress" };

function entry(ts: number, action: string, target: string | null, extra: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return { ts, ...alice, action, target, details: null, ...extra };
}

export function auditLogContract(name: string, make: () => AuditLog): void {
  describe(`AuditLog contract: ${name}`, () => {
    it("records who did what to which pattern, and lists it newest first", () => {
      const log = make();
      const first = log.record(
        entry(1_000, "pattern.accept", "time_based:light.kitchen:on:0700", {
          details: { from: "new", to: "accepted" },
        }),
      );
      const second = log.record(
        entry(2_000, "pattern.dismiss", "sequence:light.hall>light.kitchen", {
          actorId: null,
          actorName: "API token",
          via: "api_token",
          details: { reason: "not a habit" },
        }),
      );
      expect(second.id).toBeGreaterThan(first.id);
      expect(log.list()).toEqual([
        {
          id: second.id,
          ts: 2_000,
          actorId: null,
          actorName: "API token",
          via: "api_token",
          action: "pattern.dismiss",
          target: "sequence:light.hall>light.kitchen",
          details: { reason: "not a habit" },
        },
        {
          id: first.id,
          ts: 1_000,
          actorId: "8f3b0c6d2a4e4f1b9c7d5e3a1b2c4d6e",
          actorName: "Alice",
          via: "ingress",
          action: "pattern.accept",
          target: "time_based:light.kitchen:on:0700",
          details: { from: "new", to: "accepted" },
        },
      ]);
    });

    it("filters by target, actor and action, and pages with a cursor", () => {
      const log = make();
      for (let i = 1; i <= 5; i++)
        log.record(entry(i * 1_000, i % 2 ? "pattern.accept" : "pattern.dismiss", `p${i % 2}`));
      log.record(entry(9_000, "automation.create", "p1", { actorId: "bob", actorName: "Bob" }));
      expect(log.list({ target: "p1" }).map((e) => e.ts)).toEqual([9_000, 5_000, 3_000, 1_000]);
      expect(log.list({ actorId: "bob" }).map((e) => e.action)).toEqual(["automation.create"]);
      expect(log.list({ action: "pattern.dismiss" }).map((e) => e.ts)).toEqual([4_000, 2_000]);
      const page1 = log.list({ limit: 2 });
      expect(page1.map((e) => e.ts)).toEqual([9_000, 5_000]);
      const page2 = log.list({ limit: 2, beforeId: page1[1].id });
      expect(page2.map((e) => e.ts)).toEqual([4_000, 3_000]);
      expect(log.list({ limit: 10, beforeId: page2[1].id, target: "p1" }).map((e) => e.ts)).toEqual([1_000]);
    });

    it("refuses a nonsense page size instead of returning everything", () => {
      const log = make();
      expect(() => log.list({ limit: 0 })).toThrow("limit must be a whole number of at least 1, got 0");
    });

    it("removes entries older than the retention limit and keeps the rest", () => {
      const log = make();
      log.record(entry(1_000, "pattern.accept", "a"));
      log.record(entry(2_000, "pattern.accept", "b"));
      const kept = log.record(entry(3_000, "pattern.accept", "c"));
      expect(log.deleteBefore(2_500)).toBe(2);
      expect(log.list().map((e) => e.id)).toEqual([kept.id]);
      const next = log.record(entry(4_000, "pattern.accept", "d"));
      expect(next.id).toBeGreaterThan(kept.id);
    });

    it("returns copies: changing a listed entry does not change the log", () => {
      const log = make();
      log.record(entry(1_000, "pattern.accept", "a", { details: { to: "accepted" } }));
      const [listed] = log.list();
      (listed.details as Record<string, unknown>).to = "dismissed";
      expect(log.list()[0].details).toEqual({ to: "accepted" });
    });
  });
}
