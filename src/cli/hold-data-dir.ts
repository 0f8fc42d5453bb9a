// A command that writes holds the data dir the way the service does (service.pid, naming the
// command) for as long as it runs, so that neither a service nor a second writing command starts
// beside a long import or a forget. The claim is given back when the command ends, fails, or is
// stopped with Ctrl-C or SIGTERM; one left by a kill -9 is stale and taken over by the next writer.
import { claimDataDir, type ProcessProbe, SYSTEM_PROCESSES } from "../storage/service-pid-file.js";

/** The part of `process` the claim needs: its exit and stop signals, and sending itself one. */
export interface ProcessEvents {
  on(event: "exit" | NodeJS.Signals, listener: () => void): unknown;
  off(event: "exit" | NodeJS.Signals, listener: () => void): unknown;
  /** Sends this process the signal, which (without listeners) ends it at once. */
  raise(signal: NodeJS.Signals): void;
}

const THIS_PROCESS: ProcessEvents = {
  on: (event, listener) => process.on(event, listener),
  off: (event, listener) => process.off(event, listener),
  raise: (signal) => process.kill(process.pid, signal),
};

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `run` while this process holds `dataDir` as `command`. Throws DataDirInUseError, before
 * `run` starts, where the service or another writing command holds it.
 */
export async function holdingDataDir<T>(
  dataDir: string,
  command: string,
  run: () => Promise<T>,
  probe: ProcessProbe = SYSTEM_PROCESSES,
  events: ProcessEvents = THIS_PROCESS,
): Promise<T> {
  const release = claimDataDir(dataDir, probe, command);
  const forget = () => {
    for (const [signal, stop] of stops) events.off(signal, stop);
    events.off("exit", release);
  };
  // Stopped by a signal, the process ends as it would have without us (killed by that signal: a
  // shell says 130 or 143), only without the claim. Not process.exit(): that waits for Node's
  // file reads, and one from a pipe (`import … /dev/stdin`) may never end.
  const stops = STOP_SIGNALS.map((signal) => {
    const stop = () => {
      forget();
      release();
      events.raise(signal);
    };
    return [signal, stop] as const;
  });
  for (const [signal, stop] of stops) events.on(signal, stop);
  // A process.exit() elsewhere (stdout's reader went away) still gives the claim back.
  events.on("exit", release);
  try {
    return await run();
  } finally {
    forget();
    release();
  }
}
