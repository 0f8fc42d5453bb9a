// The instance id is made once and survives restarts in the data dir; a damaged one is replaced.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { INSTANCE_ID_KEY, loadOrCreateInstanceId } from "../../../src/publish/instance-presence/instance-id.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-instance-id-"));
  dirs.push(dir);
  return dir;
}

describe("instance id", () => {
  it("is made at the first start and read back after a restart", () => {
    const dir = dataDir();
    const logger = createMemoryLogger();
    const first = openSqliteStores({ dataDir: dir, logger, now: () => 0 });
    expect(loadOrCreateInstanceId(first.cursors, logger, () => "c0ffee000001")).toBe("c0ffee000001");
    first.close();
    const again = openSqliteStores({ dataDir: dir, logger, now: () => 0 });
    expect(loadOrCreateInstanceId(again.cursors, logger, () => "c0ffee000002")).toBe("c0ffee000001");
    again.close();
    expect(logger.lines.filter((l) => l.includes("instance id"))).toEqual([]);
  });

  it("replaces a stored value that is not an id, with a warning", () => {
    const logger = createMemoryLogger();
    const stores = openSqliteStores({ dataDir: dataDir(), logger, now: () => 0 });
    stores.cursors.set(INSTANCE_ID_KEY, "../../etc");
    expect(loadOrCreateInstanceId(stores.cursors, logger, () => "c0ffee000003")).toBe("c0ffee000003");
    expect(stores.cursors.get(INSTANCE_ID_KEY)).toBe("c0ffee000003");
    expect(logger.lines.filter((l) => l.includes("WARN"))).toEqual([
      '1970-01-01T00:00:00.000Z WARN  the stored instance id is not valid; using a new one stored="../../etc" id="c0ffee000003"',
    ]);
    stores.close();
  });
});
