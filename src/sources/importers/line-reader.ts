// Reads a file of any size line by line, with exact byte positions for progress.
import { createReadStream } from "node:fs";

export interface FileLine {
  /** The line without its line break (\n or \r\n). */
  text: string;
  /** 1-based. */
  number: number;
  /** Bytes of the file consumed up to and including this line's break. */
  bytesRead: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Yields lines in order; a UTF-8 byte order mark at the start is dropped. Memory stays one chunk. */
export async function* readLines(file: string): AsyncGenerator<FileLine> {
  let pending: Buffer | undefined;
  let number = 0;
  let consumed = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const data = pending ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const end = data.indexOf(NEWLINE, start);
      if (end < 0) break;
      consumed += end + 1 - start;
      number++;
      yield { text: decode(data, start, end, number), number, bytesRead: consumed };
      start = end + 1;
    }
    pending = start < data.length ? data.subarray(start) : undefined;
  }
  if (pending && pending.length > 0) {
    consumed += pending.length;
    number++;
    yield { text: decode(pending, 0, pending.length, number), number, bytesRead: consumed };
  }
}

function decode(data: Buffer, start: number, end: number, number: number): string {
  const stop = end > start && data[end - 1] === CR ? end - 1 : end;
  const text = data.toString("utf8", start, stop);
  return number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
