// GET /api/patterns (filters, sorted by usefulness), one pattern with its evidence, and accept/dismiss/snooze/unsnooze.
import type { Context } from "hono";
import type { AppEvents } from "../../app-events.js";
import type { Clock } from "../../core/clock.js";
import { HttpError, InputError } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import { PATTERN_TYPES } from "../../patterns/finding.js";
import type { PatternCatalog } from "../../patterns/pattern-catalog.js";
import { PATTERN_STATUSES, type PatternStatus, type StoredPattern } from "../../patterns/pattern-store.js";
import type { AuditActor, AuditEntry } from "../../storage/audit-log.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { apiTimeRefusal, readApiTime } from "../api-time.js";
import { jsonObjectBody, optionalJsonObjectBody } from "../json-object-body.js";
import { choiceParam, filterParam, integerParam, queryParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";
import { type NamedArea, refuseUnknownArea } from "../unknown-area.js";
import { type KnownEntities, refuseUnknownEntity } from "../unknown-entity.js";
import { feedbackActor } from "./feedback-actor.js";

const DAY_MS = 86_400_000;
const SORTS = ["usefulness", "confidence", "support", "first_seen", "last_seen"] as const;
type PatternSort = (typeof SORTS)[number];

export const PATTERNS_ROUTES = {
  list: apiRoute("GET", "/patterns", {
    type: choiceParam(PATTERN_TYPES),
    status: queryParam({
      expects: `"all" or a comma list of ${PATTERN_STATUSES.join(", ")} (default active,accepted)`,
      absent: undefined,
      read: statusFilter,
    }),
    sort: choiceParam(SORTS, "usefulness"),
    limit: integerParam({ min: 1, max: 5000, default: 500 }),
    area: filterParam("an area id"),
    entity: filterParam("an entity id"),
  }),
  one: apiRoute("GET", "/patterns/:id"),
  accept: apiRoute("POST", "/patterns/:id/accept"),
  dismiss: apiRoute("POST", "/patterns/:id/dismiss"),
  snooze: apiRoute("POST", "/patterns/:id/snooze"),
  unsnooze: apiRoute("POST", "/patterns/:id/unsnooze"),
};

export interface PatternsRoutesDeps {
  catalog: PatternCatalog;
  clock: Clock;
  /** Told about feedback so sensors and the panel update at once. */
  bus?: TypedBus<AppEvents>;
  /** The home's areas: an `area` filter naming none of them is refused. */
  areas?: () => readonly NamedArea[];
  /** The home's entities: an `entity` filter naming none of them is refused. */
  entities?: KnownEntities;
}

export interface PatternListResponse {
  total: number;
  patterns: StoredPattern[];
}

export interface PatternDetailResponse {
  pattern: StoredPattern;
  /** Its audit trail, oldest first: accept, dismiss, snooze, unsnooze and automations created from it. */
  feedback: AuditEntry[];
}

export function patternsRoutes(deps: PatternsRoutesDeps): RouteModule {
  const find = (c: Context): StoredPattern => {
    const raw = c.req.param("id") ?? "";
    if (!/^\d+$/.test(raw)) throw new HttpError(400, `pattern id must be a positive integer, got "${raw}"`);
    const pattern = deps.catalog.get(Number(raw));
    if (!pattern) throw new HttpError(404, `no pattern with id ${raw}`);
    return pattern;
  };

  // The catalog records the audit entry in the status change's own transaction.
  const feedback = (c: Context, apply: (p: StoredPattern, actor: AuditActor) => StoredPattern | undefined) => {
    const before = find(c);
    const after = apply(before, feedbackActor(c));
    if (!after) throw new HttpError(404, `no pattern with id ${before.id}`);
    deps.bus?.emit("patternsUpdated", { active: deps.catalog.list().length, changed: [after] });
    return c.json(after);
  };

  return (api) => {
    addRoute(api, PATTERNS_ROUTES.list, (c, { type, status, sort, limit, area, entity }) => {
      const all = deps.catalog.list({ type, area, entity, statuses: status }).sort(comparator(sort));
      if (deps.areas && all.length === 0)
        refuseUnknownArea(
          area,
          deps.areas(),
          (a) => deps.catalog.list({ area: a, statuses: [...PATTERN_STATUSES] }).length > 0,
        );
      if (deps.entities && all.length === 0)
        refuseUnknownEntity(
          entity,
          deps.entities,
          (e) => deps.catalog.list({ entity: e, statuses: [...PATTERN_STATUSES] }).length > 0,
        );
      const body: PatternListResponse = { total: all.length, patterns: all.slice(0, limit) };
      return c.json(body);
    });

    addRoute(api, PATTERNS_ROUTES.one, (c) => {
      const pattern = find(c);
      const body: PatternDetailResponse = { pattern, feedback: deps.catalog.feedbackFor(pattern.id) };
      return c.json(body);
    });

    addRoute(api, PATTERNS_ROUTES.accept, async (c) => {
      await optionalJsonObjectBody(c, []);
      return feedback(c, (p, actor) => deps.catalog.accept(p.id, actor));
    });
    addRoute(api, PATTERNS_ROUTES.dismiss, async (c) => {
      await optionalJsonObjectBody(c, []);
      return feedback(c, (p, actor) => deps.catalog.dismiss(p.id, actor));
    });
    addRoute(api, PATTERNS_ROUTES.snooze, async (c) => {
      const until = snoozeUntil(await jsonObjectBody(c, ["until", "days"]), deps.clock.now());
      return feedback(c, (p, actor) => deps.catalog.snooze(p.id, until, actor));
    });
    addRoute(api, PATTERNS_ROUTES.unsnooze, async (c) => {
      await optionalJsonObjectBody(c, []);
      const pattern = find(c);
      if (pattern.status !== "snoozed")
        throw new HttpError(409, `pattern ${pattern.id} is not snoozed (it is ${pattern.status})`);
      return feedback(c, (p, actor) => deps.catalog.unsnooze(p.id, actor));
    });
  };
}

/** The longest snooze, given as days or as until. */
const MAX_SNOOZE_DAYS = 365;

/** {until: ISO time or epoch ms in the future, at most a year off} or {days: 1..365}. */
function snoozeUntil(body: Record<string, unknown>, now: number): number {
  if (body.until !== undefined && body.days !== undefined)
    throw new HttpError(400, "give either until or days, not both");
  if (body.days !== undefined) {
    const days = body.days;
    if (typeof days !== "number" || !Number.isFinite(days) || days <= 0 || days > MAX_SNOOZE_DAYS) {
      throw new HttpError(
        400,
        `days must be a number greater than 0 and at most ${MAX_SNOOZE_DAYS}, got ${JSON.stringify(days)}`,
      );
    }
    return now + Math.round(days * DAY_MS);
  }
  if (body.until !== undefined) {
    const time = readApiTime(body.until);
    if (!time.ok) throw new HttpError(400, apiTimeRefusal("until", body.until, time));
    if (time.ms <= now) throw new HttpError(400, "until must be in the future");
    if (time.ms > now + MAX_SNOOZE_DAYS * DAY_MS)
      throw new HttpError(400, `until must be at most ${MAX_SNOOZE_DAYS} days from now, as days must`);
    return time.ms;
  }
  throw new HttpError(400, "snooze needs {until} (ISO time or epoch ms) or {days}");
}

/** "active,accepted" (default: active and accepted), or "all". */
function statusFilter(raw: string, name: string): PatternStatus[] | undefined {
  if (raw === "") return undefined;
  if (raw === "all") return [...PATTERN_STATUSES];
  const list = raw.split(",").map((s) => s.trim());
  for (const s of list) {
    if (!(PATTERN_STATUSES as readonly string[]).includes(s)) {
      throw new InputError(`${name} must be "all" or a comma list of ${PATTERN_STATUSES.join(", ")}; got "${s}"`);
    }
  }
  return list as PatternStatus[];
}

function comparator(sort: PatternSort): (a: StoredPattern, b: StoredPattern) => number {
  const value: Record<PatternSort, (p: StoredPattern) => number> = {
    usefulness: (p) => p.usefulness,
    confidence: (p) => p.confidence,
    support: (p) => p.support,
    first_seen: (p) => p.firstSeen,
    last_seen: (p) => p.lastSeen,
  };
  return (a, b) => value[sort](b) - value[sort](a) || a.id - b.id;
}
