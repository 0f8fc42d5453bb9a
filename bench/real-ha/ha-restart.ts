// Restarts the real Home Assistant (not its broker) the way a user does: stop the process, start it again.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface HaControl {
  /** start_real_ha.sh (or any script whose `start` starts HA and waits until it runs). */
  startScript: string;
  pidFile: string;
}

/** Seconds HA was away. */
export async function restartHomeAssistant(control: HaControl): Promise<number> {
  const started = Date.now();
  const pid = Number(readFileSync(control.pidFile, "utf8").trim());
  process.kill(pid, "SIGTERM");
  while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 200));
  await run(control.startScript, ["start"], { timeout: 300_000 });
  return (Date.now() - started) / 1000;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
