// This instance's id, made once and kept in the data dir: how other instances and the user name it.
import { randomBytes } from "node:crypto";
import type { Logger } from "../../core/logger.js";
import type { CursorStore } from "../../storage/event-store.js";

/** The cursors-table key of the id. */
export const INSTANCE_ID_KEY = "instance:id";
const VALID_ID = /^[a-z0-9]{6,32}$/;

/**
 * The stored id, or a new one stored now (a first start, or an upgrade from a release without it).
 * A stored value that is not an id is replaced and logged: the id only names the instance.
 */
export function loadOrCreateInstanceId(
  cursors: CursorStore,
  logger: Logger,
  newId: () => string = () => randomBytes(6).toString("hex"),
): string {
  const stored = cursors.get(INSTANCE_ID_KEY);
  if (stored !== undefined && VALID_ID.test(stored)) return stored;
  const id = newId();
  if (stored !== undefined) logger.warn("the stored instance id is not valid; using a new one", { stored, id });
  cursors.set(INSTANCE_ID_KEY, id);
  return id;
}

/** A new run id: two runs of one data dir (a copy restored on another host) never share it. */
export function newRunId(): string {
  return randomBytes(4).toString("hex");
}
