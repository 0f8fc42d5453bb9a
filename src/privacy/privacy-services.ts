// Builds forget and export over the opened stores and layers: the command line and the API use the same.
import type { Options } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import type { HomeEvent } from "../core/home-event.js";
import type { LayerServices } from "../layers/layer-services.js";
import type { AuditLog } from "../storage/audit-log.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { type EngineConnectors, engineForgetters } from "./engine-forget.js";
import { exportSubject, type SubjectExport } from "./export-subject.js";
import { type ForgetActor, type ForgetReport, forgetEverywhere } from "./forget-service.js";
import type { ForgetSubject } from "./forget-subject.js";

export interface PrivacyDeps {
  stores: Pick<SqliteStores, "db" | "events" | "registry">;
  layers: Pick<LayerServices, "aggregates" | "archive" | "rollup" | "exclusive">;
  periodKinds: readonly string[];
  options: Options;
  audit: AuditLog;
  clock: Clock;
  connect?: EngineConnectors;
  /** Memory that holds the subject too (the context graph), cleared after the stores. */
  onForgotten?: (subject: ForgetSubject) => void;
}

export interface Privacy {
  forget(subject: ForgetSubject, actor: ForgetActor): Promise<ForgetReport>;
  export(subject: ForgetSubject): Promise<SubjectExport>;
}

export function createPrivacy(deps: PrivacyDeps): Privacy {
  const { stores, layers } = deps;
  const kinds = { daily: layers.rollup.dailyKinds.map((k) => k.name), periodic: deps.periodKinds };
  return {
    // A rollup or archive export running meanwhile could write back what was just removed.
    forget: (subject, actor) =>
      layers.exclusive(() =>
        forgetEverywhere(
          {
            db: stores.db,
            events: stores.events,
            aggregates: layers.aggregates,
            kinds,
            archive: layers.archive,
            engines: engineForgetters(deps.options, deps.connect),
            audit: deps.audit,
            clock: deps.clock,
            onForgotten: deps.onForgotten,
          },
          subject,
          actor,
        ),
      ),
    export: (subject) =>
      exportSubject(
        {
          db: stores.db,
          events: (s) => eventsOf(stores.events, s),
          registry: stores.registry,
          aggregates: layers.aggregates,
          kinds,
          archive: layers.archive,
          now: () => deps.clock.now(),
        },
        subject,
      ),
  };
}

function eventsOf(events: SqliteStores["events"], subject: ForgetSubject): HomeEvent[] {
  const all = { from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };
  if (subject.kind === "entity") return events.query({ ...all, entities: [subject.id] });
  const out: HomeEvent[] = [];
  for (const e of events.iterate(all.from, all.to)) if (e.user === subject.id) out.push(e);
  return out;
}
