// Who gave feedback on a pattern or anomaly, and the audit entry that records it.
import type { Context } from "hono";
import type { Clock } from "../../core/clock.js";
import type { AuditLog } from "../../storage/audit-log.js";
import type { Actor } from "../remote-user.js";

/** The request's actor when the remoteUser middleware runs; without it feedback is anonymous. */
export function optionalActor(c: Context): Actor | undefined {
  return c.get("actor") as Actor | undefined;
}

/** What the catalog's feedback log keeps: the stable Home Assistant user id, else the name. */
export function feedbackActor(actor: Actor | undefined): string | null {
  return actor ? (actor.userId ?? actor.name) : null;
}

export function auditFeedback(
  audit: AuditLog | undefined,
  clock: Clock,
  actor: Actor | undefined,
  action: string,
  target: string,
  details: Record<string, unknown>,
): void {
  audit?.record({
    ts: clock.now(),
    actorId: actor?.userId ?? null,
    actorName: actor?.name ?? "unknown",
    via: actor?.via ?? "system",
    action,
    target,
    details,
  });
}
