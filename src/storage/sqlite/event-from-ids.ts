// One L1 row's ids turned into an event through the dictionaries, or nothing when an id is in none of them.
import type { HomeEvent } from "../../core/home-event.js";

/** How ids of one column become their strings (the store's dictionaries); undefined for an unknown id. */
export interface EventDictionaries {
  entity(id: number): string | undefined;
  state(id: number): string | undefined;
  source(id: number): string | undefined;
  user(id: number): string | undefined;
  parent(id: number): string | undefined;
  /** Told of each row left out because one of its ids is unknown (counted for health and metrics). */
  unknown(): void;
}

/**
 * A row that refers to an id its dictionary does not have (written after the pass at open removed
 * such rows, e.g. by hand) is left out and counted, rather than failing the whole read or handing
 * readers an event whose entity is undefined.
 */
export function eventFromIds(
  dict: EventDictionaries,
  ts: number,
  entityId: number,
  stateId: number,
  sourceId: number,
  prevId: number | null,
  userId: number | null,
  parentId: number | null,
): HomeEvent | undefined {
  const s = resolveIds(dict, entityId, stateId, sourceId, prevId, userId, parentId);
  return s && withOptionalFields({ ts, entity: s.entity, state: s.state, source: s.source }, s);
}

/**
 * The same event as eventFromIds, made by an object literal of its own, for readers that drop
 * each event as soon as it is used (SqliteEventStore.iterate: the nightly archive). V8 decides
 * per literal whether the objects it makes go straight to the old generation: a rollup keeps
 * its whole day of eventFromIds' events, so that literal's events soon are; a day archived
 * through it then put its 100K events in the old space as garbage, 10-15 MB of heap per day
 * until the next full collection. Events made here die young and are collected young.
 */
export function streamedEventFromIds(
  dict: EventDictionaries,
  ts: number,
  entityId: number,
  stateId: number,
  sourceId: number,
  prevId: number | null,
  userId: number | null,
  parentId: number | null,
): HomeEvent | undefined {
  const s = resolveIds(dict, entityId, stateId, sourceId, prevId, userId, parentId);
  return s && withOptionalFields({ ts, entity: s.entity, state: s.state, source: s.source }, s);
}

/** Adds the fields a row has only sometimes; the object itself comes from each caller's own literal. */
function withOptionalFields(e: HomeEvent, s: Resolved): HomeEvent {
  if (s.previous !== null) e.previous = s.previous;
  if (s.user !== null) e.user = s.user;
  if (s.parent !== null) e.parent = s.parent;
  return e;
}

export interface Resolved {
  entity: string;
  state: string;
  source: string;
  previous: string | null;
  user: string | null;
  parent: string | null;
}

/** Reused by every call (read before the next): resolving a row allocates nothing. */
const scratch: Resolved = { entity: "", state: "", source: "", previous: null, user: null, parent: null };

/** A row's strings, or undefined (and the row counted) when one of its ids is unknown. */
export function resolveIds(
  dict: EventDictionaries,
  entityId: number,
  stateId: number,
  sourceId: number,
  prevId: number | null,
  userId: number | null,
  parentId: number | null,
): Resolved | undefined {
  const entity = dict.entity(entityId);
  const state = dict.state(stateId);
  const source = dict.source(sourceId);
  const previous = prevId === null ? null : dict.state(prevId);
  const user = userId === null ? null : dict.user(userId);
  const parent = parentId === null ? null : dict.parent(parentId);
  if (
    entity === undefined ||
    state === undefined ||
    source === undefined ||
    previous === undefined ||
    user === undefined ||
    parent === undefined
  ) {
    dict.unknown();
    return undefined;
  }
  scratch.entity = entity;
  scratch.state = state;
  scratch.source = source;
  scratch.previous = previous;
  scratch.user = user;
  scratch.parent = parent;
  return scratch;
}
