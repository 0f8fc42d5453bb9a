#!/usr/bin/env node
// Process entry: `home-patterns <command>`. A command line started without memory flags of its own (`npx home-patterns`, `node dist/src/main.js`) runs again under the service's.
import { fileURLToPath } from "node:url";
import { commandFirst } from "./cli/command-first.js";
import { memoryRelaunch } from "./cli/memory-flags.js";
import { endWithRelaunchingParent, relaunch } from "./cli/relaunch.js";

// Only Node's built-ins are loaded before this decision: the parent that waits for its child stays small.
let argv: string[];
try {
  argv = commandFirst(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`home-patterns: ${(err as Error).message}\n`);
  process.exit(2);
}
const plan = memoryRelaunch(argv, process.execArgv, process.env);
if (plan) relaunch(plan, fileURLToPath(import.meta.url), argv);
else {
  endWithRelaunchingParent();
  const { runCommandLine } = await import("./command-main.js");
  runCommandLine(argv);
}
