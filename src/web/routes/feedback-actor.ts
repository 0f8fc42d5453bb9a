// Who gave feedback on a pattern or anomaly, or created an automation, as the audit trail names them.
import type { Context } from "hono";
import type { Clock } from "../../core/clock.js";
import { type AuditActor, type AuditLog, UNKNOWN_ACTOR } from "../../storage/audit-log.js";
import { type Actor, auditActor } from "../remote-user.js";

/** The request's actor when the remoteUser middleware runs; without it feedback is anonymous. */
export function optionalActor(c: Context): Actor | undefined {
  return c.get("actor") as Actor | undefined;
}

/** Who the audit entry names: the remote user, else the service itself. */
export function feedbackActor(c: Context): AuditActor {
  const actor = optionalActor(c);
  return actor ? auditActor(actor) : UNKNOWN_ACTOR;
}

/** An audit entry for an action that is not feedback the catalog records itself (e.g. automation.create). */
export function auditAction(
  audit: AuditLog | undefined,
  clock: Clock,
  actor: AuditActor,
  action: string,
  target: string,
  details: Record<string, unknown>,
): void {
  audit?.record({ ts: clock.now(), ...actor, action, target, details });
}
