// Runs this command again in a child node with other flags, as if the child were this process.
import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import type { RelaunchPlan } from "./memory-flags.js";

/** Set for the child only; it removes it, so that processes it starts in turn do not see it. */
const RELAUNCHED = "HOME_PATTERNS_RELAUNCHED";

/** Signals a user or a supervisor sends the command: passed on, and re-raised when the child dies of one. */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * The child shares stdin, stdout and stderr (a pipe into or out of it reaches the child itself,
 * so `home-patterns export … | head` still ends with 141), gets the signals sent to this
 * process, and its exit code becomes this process's. Killed by a signal, the child makes this
 * process die of the same signal, or exit with 128 + its number (as a shell reports it) for one
 * that this process does not pass on. A SIGKILL of this process cannot be passed on: the child
 * notices that its parent is gone (the IPC channel closes) and kills itself the same way.
 * A writing command stops after its current step on the first signal; a second one, which the
 * child may not see for a while (it runs on its event loop), kills the child here at once, and
 * this process then dies of that signal.
 */
export function relaunch(plan: RelaunchPlan, script: string, argv: readonly string[]): void {
  // Listening before the child exists: a signal that comes while it is being started is passed on
  // once it is (handlers run on the event loop), instead of killing this process alone.
  let child: ChildProcess | undefined;
  let passedOn = false;
  let killedFor: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals) => {
    if (!child) return;
    if (!passedOn) {
      passedOn = child.kill(signal);
      return;
    }
    killedFor = signal;
    child.kill("SIGKILL");
  };
  for (const s of FORWARDED) process.on(s, forward);
  child = spawn(process.execPath, [...plan.execArgv, script, ...argv], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...plan.env, [RELAUNCHED]: "1" },
  });
  child.on("error", (err) => {
    process.stderr.write(`home-patterns could not start node again with its memory flags: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal === null) return process.exit(code ?? 1);
    for (const s of FORWARDED) process.off(s, forward);
    // V8 aborts when the heap is full: say how to give the command more.
    if (signal === "SIGABRT") {
      process.stderr.write(
        `home-patterns ran out of memory under ${plan.execArgv.join(" ")}; with more to spare, run it as ` +
          `node --max-old-space-size=<MB> ${script} ${argv.join(" ")}\n`,
      );
    }
    if (killedFor) process.kill(process.pid, killedFor);
    else if ((FORWARDED as readonly string[]).includes(signal)) process.kill(process.pid, signal);
    else process.exit(128 + (constants.signals[signal] ?? 0));
  });
}

/**
 * In the child of `relaunch`: ends this process the moment its parent is gone (killed with
 * SIGKILL, which it could not pass on), as if they were one process. No-op otherwise.
 */
export function endWithRelaunchingParent(): void {
  if (process.env[RELAUNCHED] !== "1") return;
  delete process.env[RELAUNCHED];
  const orphaned = () => {
    process.kill(process.pid, "SIGKILL");
  };
  // The parent may have gone while this module was still loading: the channel is closed already.
  if (!process.channel || !process.connected) {
    orphaned();
    return;
  }
  // The channel must not keep the command alive once its work is done.
  process.channel.unref();
  process.once("disconnect", orphaned);
}
