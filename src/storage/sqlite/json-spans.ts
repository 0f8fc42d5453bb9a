// Finds where the values of a JSON text start and end without building them, so each can be parsed on its own.

/** A value's text as [start, end) indices. */
export type Span = readonly [start: number, end: number];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * The spans of a JSON array's elements, each found when asked for: JSON.parse of the whole array
 * builds every element before the first is used, a day's blob of rows at once. Only the nesting
 * is followed (brackets outside strings); what the spans hold is left to JSON.parse, which throws
 * on anything malformed. Throws if `text` at `start` (after blanks) is not an array that closes.
 */
export function* arrayElementSpans(text: string, start = 0): Generator<Span> {
  let i = skipBlanks(text, start);
  if (text.charCodeAt(i) !== OPEN_ARRAY) throw new SyntaxError(`expected a JSON array at ${i}`);
  i = skipBlanks(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_ARRAY) return;
  for (;;) {
    const end = valueEnd(text, i);
    yield [i, end];
    i = skipBlanks(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_ARRAY) return;
    if (c !== COMMA) throw new SyntaxError(`expected , or ] in a JSON array at ${i}`);
    i = skipBlanks(text, i + 1);
  }
}

/** Each member of the JSON object at `start`: its name (parsed) and the span of its value. */
export function objectMemberSpans(text: string, start = 0): Map<string, Span> {
  const out = new Map<string, Span>();
  let i = skipBlanks(text, start);
  if (text.charCodeAt(i) !== OPEN_OBJECT) throw new SyntaxError(`expected a JSON object at ${i}`);
  i = skipBlanks(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_OBJECT) return out;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new SyntaxError(`expected a member name at ${i}`);
    const nameEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, nameEnd)) as string;
    i = skipBlanks(text, nameEnd);
    if (text.charCodeAt(i) !== COLON) throw new SyntaxError(`expected : after a member name at ${i}`);
    i = skipBlanks(text, i + 1);
    const end = valueEnd(text, i);
    out.set(name, [i, end]);
    i = skipBlanks(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_OBJECT) return out;
    if (c !== COMMA) throw new SyntaxError(`expected , or } in a JSON object at ${i}`);
    i = skipBlanks(text, i + 1);
  }
}

/** Where the value starting at `i` ends: after its closing bracket or quote, or its last character. */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== OPEN_ARRAY && first !== OPEN_OBJECT) {
    // A number, true, false or null: up to the next separator.
    let j = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT || isBlank(c)) break;
    }
    if (j === i) throw new SyntaxError(`expected a JSON value at ${i}`);
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) j = stringEnd(text, j) - 1;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++;
    else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  throw new SyntaxError(`a JSON value at ${i} does not close`);
}

/** After the closing quote of the string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  throw new SyntaxError(`a JSON string at ${i} does not close`);
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
