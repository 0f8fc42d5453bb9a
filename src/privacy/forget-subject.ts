// Who or what is to be forgotten or exported, and how to tell whether a stored text names them.
import { createHash } from "node:crypto";
import { InputError } from "../core/errors.js";

export type ForgetSubject = { kind: "entity"; id: string } | { kind: "person"; id: string };

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks an id a user typed (command line or panel): a clear error rather than forgetting nothing. */
export function forgetSubject(kind: string, id: string): ForgetSubject {
  const trimmed = id.trim();
  if (kind === "entity") {
    if (!ENTITY_ID.test(trimmed)) throw new InputError(`not an entity id: ${JSON.stringify(id)} (e.g. light.kitchen)`);
    return { kind, id: trimmed };
  }
  if (kind === "person") {
    if (!USER_ID.test(trimmed)) throw new InputError(`not a Home Assistant user id: ${JSON.stringify(id)}`);
    return { kind, id: trimmed };
  }
  throw new InputError(`can forget an entity or a person, not ${JSON.stringify(kind)}`);
}

/**
 * True when the text holds the id as a whole token: "light.kitchen" names light.kitchen but
 * "light.kitchen_2" does not. Ids are made of letters, digits, "_" and "." (users also "-").
 */
export function names(text: string | null | undefined, id: string): boolean {
  if (!text) return false;
  let at = text.indexOf(id);
  while (at >= 0) {
    const before = at === 0 ? "" : text[at - 1]!;
    const after = text[at + id.length] ?? "";
    if (!isIdChar(before) && !isIdChar(after)) return true;
    at = text.indexOf(id, at + 1);
  }
  return false;
}

function isIdChar(c: string): boolean {
  return c !== "" && /[A-Za-z0-9_.-]/.test(c);
}

/** What the audit trail keeps about a forgotten subject: a digest, never the id it was asked to forget. */
export function subjectDigest(subject: ForgetSubject): string {
  return `${subject.kind}:sha256:${createHash("sha256").update(subject.id).digest("hex").slice(0, 16)}`;
}
