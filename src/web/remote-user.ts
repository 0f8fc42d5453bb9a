// Who is making a request (for the audit log) and whether they may make destructive changes.
import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../core/clock.js";
import type { AuditActor } from "../storage/audit-log.js";
import { isLoopback, isSupervisor, nodeRemoteAddress, type RemoteAddressOf } from "./ingress-guard.js";

/** The person or credential behind a request. */
export interface Actor {
  /** Home Assistant user id (X-Remote-User-Id), for ingress users; null otherwise. */
  userId: string | null;
  /** What the audit log and the panel show. */
  name: string;
  /**
   * ingress: through the Supervisor's proxy (with or without a user); container: the add-on's own
   * loopback under the Supervisor (HEALTHCHECK, backup scripts); api_token: standalone with the
   * bearer token; local: standalone on 127.0.0.1 without a token (demo, a local CLI).
   */
  via: "ingress" | "container" | "api_token" | "local";
}

export interface RemoteUserVariables {
  actor: Actor;
}

export interface RemoteUserOptions {
  ingressOnly: boolean;
  remoteAddress?: RemoteAddressOf;
}

/**
 * Sets c.var.actor. The X-Remote-User-* headers are believed only from the Supervisor, which
 * strips copies a browser sends and adds its own for the ingress session's user; from any other
 * peer they are ignored. Runs after ingressGuard.
 */
export function remoteUser(options: RemoteUserOptions): MiddlewareHandler {
  const remoteAddress = options.remoteAddress ?? nodeRemoteAddress;
  return async (c, next) => {
    c.set("actor", identify(c, options.ingressOnly, remoteAddress(c)));
    await next();
  };
}

function identify(c: Context, ingressOnly: boolean, peer: string | undefined): Actor {
  if (ingressOnly) {
    if (isLoopback(peer)) return { userId: null, name: "add-on container", via: "container" };
    const id = isSupervisor(peer) ? c.req.header("x-remote-user-id")?.trim() : undefined;
    if (!id) return { userId: null, name: "unknown ingress user", via: "ingress" };
    const name = c.req.header("x-remote-user-display-name")?.trim() || c.req.header("x-remote-user-name")?.trim() || id;
    return { userId: id, name, via: "ingress" };
  }
  if (isLoopback(peer) && !c.req.header("authorization")) return { userId: null, name: "local user", via: "local" };
  return { userId: null, name: "API token", via: "api_token" };
}

export function actorOf(c: Context): Actor {
  const actor = c.get("actor") as Actor | undefined;
  if (!actor) throw new Error("remoteUser middleware is not installed before this route");
  return actor;
}

/** The fields of an audit entry that say who did it. */
export function auditActor(actor: Actor): AuditActor {
  return { actorId: actor.userId, actorName: actor.name, via: actor.via };
}

/**
 * Answers whether a Home Assistant user is an administrator. The Supervisor sends no role header,
 * and panel_admin only hides the sidebar entry: Core lets any signed-in user create an ingress
 * session (hassio WS_NO_ADMIN_ENDPOINTS). So the role is asked from Home Assistant itself.
 */
export interface UserRoles {
  isAdmin(userId: string): Promise<boolean>;
}

/** One entry of Home Assistant's `config/auth/list` websocket command (admin only). */
export interface HaAuthUser {
  id: string;
  name?: string | null;
  username?: string | null;
  is_owner?: boolean;
  is_active?: boolean;
  system_generated?: boolean;
  group_ids?: string[];
}

export interface HomeAssistantUserRolesOptions {
  /**
   * Sends `{type: "config/auth/list"}` over the add-on's websocket. Through the Supervisor's
   * proxy the connection runs as the Supervisor's own user, an administrator, so this is allowed.
   */
  listUsers: () => Promise<HaAuthUser[]>;
  clock: Clock;
  /** How long a fetched user list is believed; a role change in HA takes at most this long. */
  ttlMs?: number;
}

/** UserRoles from Home Assistant's user list, cached, fail-closed: an error means "not admin". */
export class HomeAssistantUserRoles implements UserRoles {
  private cache: { at: number; admins: Set<string>; known: Set<string> } | undefined;
  private inflight: Promise<void> | undefined;

  constructor(private readonly options: HomeAssistantUserRolesOptions) {}

  async isAdmin(userId: string): Promise<boolean> {
    const ttl = this.options.ttlMs ?? 60_000;
    const fresh = this.cache && this.options.clock.now() - this.cache.at < ttl;
    // A user the cached list does not know may have been created a moment ago: ask again.
    if (!fresh || !this.cache!.known.has(userId)) {
      try {
        await this.refresh();
      } catch {
        return false;
      }
    }
    return this.cache?.admins.has(userId) ?? false;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.options
      .listUsers()
      .then((users) => {
        const active = users.filter((u) => u.is_active !== false);
        this.cache = {
          at: this.options.clock.now(),
          known: new Set(active.map((u) => u.id)),
          admins: new Set(active.filter((u) => u.is_owner || u.group_ids?.includes("system-admin")).map((u) => u.id)),
        };
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

/**
 * Guards routes that delete or overwrite data. Under ingress the user must be a Home Assistant
 * administrator (asked through `roles`; without roles nobody is). The container itself (backup
 * scripts), whoever holds the standalone API token, or sits on the machine itself owns the
 * installation.
 */
export function requireAdmin(roles: UserRoles | undefined): MiddlewareHandler {
  return async (c, next) => {
    const actor = actorOf(c);
    if (actor.via !== "ingress") return next();
    if (actor.userId && roles && (await roles.isAdmin(actor.userId))) return next();
    return c.json({ error: "This change needs a Home Assistant administrator." }, 403);
  };
}
