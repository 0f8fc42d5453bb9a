// A command that writes holds the data dir the way the service does (service.pid, naming the
// command) for as long as it runs, so that neither a service nor a second writing command starts
// beside a long import or a forget. Ctrl-C or SIGTERM asks the command to stop after its current
// step (a committed chunk, a rolled-up day); it then gives the claim back and ends by that signal.
// A second one ends it at once; a claim left by that or by a kill -9 is stale and taken over by the
// next writer.
import { claimDataDir, type ProcessProbe, SYSTEM_PROCESSES } from "../storage/service-pid-file.js";
import { drained } from "./exit-after-output.js";

/** The part of `process` the claim needs: its exit and stop signals, and sending itself one. */
export interface ProcessEvents {
  on(event: "exit" | NodeJS.Signals, listener: () => void): unknown;
  off(event: "exit" | NodeJS.Signals, listener: () => void): unknown;
  /** Sends this process the signal, which (without listeners) ends it at once. */
  raise(signal: NodeJS.Signals): void;
  /** Tells the user (stderr). */
  tell(line: string): void;
  /** Resolves once what was written to stdout and stderr has left the process. */
  flushed(): Promise<void>;
  /**
   * Whether this process was started by `relaunch`, whose parent passes a Ctrl-C on, and on a
   * second one kills this process itself. A Ctrl-C at a terminal reaches both: this process then
   * gets each one twice, and must not take the copy for a second Ctrl-C.
   */
  parentPassesSignals: boolean;
}

const THIS_PROCESS: ProcessEvents = {
  on: (event, listener) => process.on(event, listener),
  off: (event, listener) => process.off(event, listener),
  raise: (signal) => process.kill(process.pid, signal),
  tell: (line) => process.stderr.write(`${line}\n`),
  flushed: async () => {
    await Promise.all([drained(process.stdout), drained(process.stderr)]);
  },
  // relaunch is the only parent that starts the command line with an IPC channel.
  parentPassesSignals: process.channel !== undefined,
};

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Resolves once the event loop has polled for signals since now. Signals are read in the poll
 * phase; an immediate set from a poll callback runs before the next poll, so it takes two.
 */
async function signalsDelivered(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** How a stop request names the signal to the user. */
export function stopName(signal: AbortSignal): string {
  return signal.reason === "SIGINT" ? "Ctrl-C" : String(signal.reason);
}

/**
 * Runs `run` while this process holds `dataDir` as `command`. Throws DataDirInUseError, before
 * `run` starts, where the service or another writing command holds it. `run` is given the signal
 * a stop request aborts (its reason: the signal's name); it is expected to end soon after, saying
 * what it kept. The process then gives the claim back and ends by that signal (a shell says 130
 * or 143), not process.exit(): that waits for Node's file reads, and one from a pipe (`import …
 * /dev/stdin`) may never end.
 */
export async function holdingDataDir<T>(
  dataDir: string,
  command: string,
  run: (stop: AbortSignal) => Promise<T>,
  probe: ProcessProbe = SYSTEM_PROCESSES,
  events: ProcessEvents = THIS_PROCESS,
): Promise<T> {
  const stopping = new AbortController();
  const unlisten = () => {
    for (const [signal, listener] of listeners) events.off(signal, listener);
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) return;
    // Without our listeners a second signal ends the process the default way, at once, even in the
    // middle of a long synchronous step. Under relaunch the parent does that, and the copies of
    // a terminal's Ctrl-C that reach this process directly must be swallowed.
    if (!events.parentPassesSignals) unlisten();
    stopping.abort(signal);
    events.tell(
      `${stopName(stopping.signal)}: stopping after the current step, keeping what is done ` +
        "(Ctrl-C again stops at once; the step under way is then undone)",
    );
  };
  const listeners = new Map(STOP_SIGNALS.map((signal) => [signal, () => stop(signal)] as const));
  // Heard before the claim is made: a signal that came between writing service.pid and listening
  // would end the process the default way and leave its claim behind. One heard that early makes
  // `run` start already asked to stop.
  for (const [signal, listener] of listeners) events.on(signal, listener);
  let release: () => void;
  try {
    release = claimDataDir(dataDir, probe, command);
  } catch (err) {
    unlisten();
    throw err;
  }
  // A process.exit() elsewhere (stdout's reader went away) still gives the claim back.
  events.on("exit", release);
  let result: T;
  try {
    result = await run(stopping.signal);
    // A signal that came during the command's last synchronous stretch is heard now, not dropped
    // with the listeners: the command has finished, and the process still ends by that signal.
    await signalsDelivered();
  } finally {
    unlisten();
    events.off("exit", release);
    release();
  }
  if (stopping.signal.aborted) {
    await events.flushed();
    events.raise(stopping.signal.reason as NodeJS.Signals);
  }
  return result;
}
