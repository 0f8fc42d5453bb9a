// Forgetting a person: the changes they caused go, the rest of the home stays, and the audit trail names them only by a digest.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { recorderFixtureClock } from "../support/recorder-fixture-clock.js";
import { filesHolding } from "./store-search.js";

const FIXTURE = path.join(import.meta.dirname, "../fixtures/ha-recorder/home-assistant_v2.db");
/** The user who toggled the input_booleans in the real Home Assistant that wrote the fixture. */
const USER = "45d9ef5b759b46f5a3b1563aa396f261";

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(args[0]!, [...args.slice(1), "--time-zone", "Europe/Berlin"], {
    env: { DATA_DIR: dataDir },
    cwd: dataDir,
    clock: recorderFixtureClock,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("forget --person", () => {
  it("removes the events a person caused and every trace of their id, and exports them first", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-forget-person-"));
    expect((await cli(dataDir, ["import", "--format", "ha-recorder", FIXTURE])).code).toBe(0);
    const exported = await cli(dataDir, ["export", "--person", USER]);
    const caused = JSON.parse(exported.out).rawEvents as { user: string }[];
    expect(caused.length).toBeGreaterThan(0);
    expect(caused.every((e) => e.user === USER)).toBe(true);
    expect(filesHolding(dataDir, USER)).not.toEqual([]);

    const r = await cli(dataDir, ["forget", "--person", USER, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `forgot person ${USER}: ${caused.length} raw events, 0 archived events in 0 files, 0 aggregate rows, ` +
        "0 patterns, 0 anomalies, 0 feedback and audit entries",
    );
    expect(filesHolding(dataDir, USER)).toEqual([]);
    const stores = openSqliteStores({ dataDir, logger: createMemoryLogger(), now: () => 0 });
    try {
      expect(stores.events.query({ from: 0, to: Number.MAX_SAFE_INTEGER })).toHaveLength(716 - caused.length);
      const [entry] = new SqliteAuditLog(stores.db).list({ action: "person.forget" });
      expect(entry?.target).toMatch(/^person:sha256:[0-9a-f]{16}$/);
      expect(JSON.stringify(entry)).not.toContain(USER);
    } finally {
      stores.close();
    }
    expect(readFileSync(path.join(dataDir, "home-patterns.sqlite")).includes(USER)).toBe(false);
  });
});
