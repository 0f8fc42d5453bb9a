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

/**
 * Yields lines in order; a UTF-8 byte order mark at the start is dropped. Memory stays one chunk.
 * Once `stop` is aborted it ends (the line under way is not yielded) without waiting for a read
 * that may never finish: a pipe nobody writes to, or a FIFO nobody has opened yet.
 */
export async function* readLines(file: string, stop?: AbortSignal): AsyncGenerator<FileLine> {
  let pending: Buffer | undefined;
  let number = 0;
  let consumed = 0;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (;;) {
    const next = await untilStopped(chunks.next(), stop);
    if (next === null) {
      // Closed once its pending read returns; nothing waits for that.
      stream.destroy();
      return;
    }
    if (next.done) break;
    const chunk = next.value;
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

/**
 * `pending`'s outcome, or null once `stop` is aborted. A promise of its own for each chunk, let go
 * with its listener: a race against one promise for the whole file kept every chunk's result (the
 * file's whole content) reachable from that never-settled promise.
 */
async function untilStopped<T>(pending: Promise<T>, stop: AbortSignal | undefined): Promise<T | null> {
  if (!stop) return pending;
  if (stop.aborted) return null;
  let onAbort = () => {};
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    stop.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([pending, aborted]);
  } finally {
    stop.removeEventListener("abort", onAbort);
  }
}

function decode(data: Buffer, start: number, end: number, number: number): string {
  const stop = end > start && data[end - 1] === CR ? end - 1 : end;
  const text = data.toString("utf8", start, stop);
  return number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
