// A small Hono app wired the way the real one must be: guard, then remote user, then routes.
import { Hono } from "hono";
import type { Clock } from "../../src/core/clock.js";
import type { AuditLog } from "../../src/storage/audit-log.js";
import { baseHref, ingressGuard } from "../../src/web/ingress-guard.js";
import {
  actorOf,
  auditActor,
  type RemoteUserVariables,
  remoteUser,
  requireAdmin,
  type UserRoles,
} from "../../src/web/remote-user.js";

export interface SecurityAppOptions {
  ingressOnly: boolean;
  apiToken?: string;
  roles?: UserRoles;
  audit: AuditLog;
  clock: Clock;
}

export function securityApp(o: SecurityAppOptions) {
  const app = new Hono<{ Variables: RemoteUserVariables }>();
  app.use("*", ingressGuard({ ingressOnly: o.ingressOnly, apiToken: o.apiToken }));
  app.use("*", remoteUser({ ingressOnly: o.ingressOnly }));
  app.get("/", (c) => c.html(`<!doctype html><base href="${baseHref(c)}"><script src="app.js"></script>`));
  app.get("/api/health", (c) => c.json({ status: "healthy" }));
  app.get("/api/whoami", (c) => c.json(actorOf(c)));
  app.post("/api/maintenance/checkpoint", requireAdmin(o.roles), (c) => c.json({ checkpointed: ["sqlite"] }));
  app.post("/api/patterns/:key/accept", (c) => {
    o.audit.record({
      ts: o.clock.now(),
      ...auditActor(actorOf(c)),
      action: "pattern.accept",
      target: c.req.param("key"),
      details: null,
    });
    return c.json({ status: "accepted" });
  });
  app.delete("/api/patterns/:key", requireAdmin(o.roles), (c) => {
    o.audit.record({
      ts: o.clock.now(),
      ...auditActor(actorOf(c)),
      action: "pattern.delete",
      target: c.req.param("key"),
      details: null,
    });
    return c.json({ deleted: c.req.param("key") });
  });
  return app;
}

/** The env @hono/node-server passes: the socket's peer address is what the guard trusts. */
export function from(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}
