// Ends the process once everything written to stdout and stderr has left it. process.exit()
// drops what is still queued when stdout is a pipe or a socket (writes to those are
// asynchronous), so `home-patterns export --entity x | gzip` got the first 64 KB only.

/** Exit status of a program whose reader closed the pipe (128 + SIGPIPE), as `yes | head` gives. */
export const CLOSED_PIPE_EXIT = 141;

type Flushable = Pick<NodeJS.WriteStream, "write" | "writableLength">;

/** Resolves when `stream` has handed every queued byte to the operating system. */
export function drained(stream: Flushable): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  // An empty write's callback runs after every write queued before it.
  return new Promise((resolve) => {
    stream.write("", () => resolve());
  });
}

/**
 * When the reader of stdout goes away (`home-patterns export … | head`), stop quietly instead of
 * crashing on EPIPE with a stack trace: nothing more can be delivered.
 */
export function stopWhenReaderCloses(
  stream: Pick<NodeJS.WriteStream, "on"> = process.stdout,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") exit(CLOSED_PIPE_EXIT);
    else throw err;
  });
}

export async function exitAfterOutput(
  code: number,
  streams: Flushable[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (c) => process.exit(c),
): Promise<void> {
  await Promise.all(streams.map(drained));
  exit(code);
}
