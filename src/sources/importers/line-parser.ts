// What an import format is: a parser fed line by line, plus the checks all formats share.

import { InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";

/**
 * Turns lines into events. `line` throws InputError for a malformed line (counted, skipped) and
 * FatalImportError when the file is not of this format at all (the import stops).
 */
export interface LineParser {
  line(text: string, lineNumber: number): HomeEvent[];
  /** End of file: anything still pending is returned or reported. */
  end(): HomeEvent[];
}

/** The whole file is unusable (wrong format, missing header): stop rather than reject every line. */
export class FatalImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalImportError";
  }
}

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

export function checkEntityId(value: unknown): string {
  if (typeof value !== "string" || !ENTITY_ID.test(value)) {
    throw new InputError(`not an entity id: ${JSON.stringify(value)}`);
  }
  return value;
}

// A zone is required: a time without one would silently depend on where the import runs.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an ISO 8601 time with a zone (2026-11-20T06:55:12.345Z, ...+00:00). */
export function parseIsoTime(value: unknown, what: string): number {
  if (typeof value !== "string" || !ISO_WITH_ZONE.test(value.trim())) {
    throw new InputError(`${what} is not an ISO 8601 time with a zone: ${JSON.stringify(value)}`);
  }
  const ts = Date.parse(value.trim().replace(" ", "T"));
  if (!Number.isFinite(ts)) throw new InputError(`${what} is not a valid time: ${JSON.stringify(value)}`);
  return ts;
}
