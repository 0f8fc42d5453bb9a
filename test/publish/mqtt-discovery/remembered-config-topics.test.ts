// The published discovery topics survive a restart in SQLite; unreadable contents cost nothing but a warning.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../../src/core/logger.js";
import {
  CONFIG_TOPICS_KEY,
  createRememberedConfigTopics,
} from "../../../src/publish/mqtt-discovery/remembered-config-topics.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dataDir: string) {
  const logger = createMemoryLogger();
  const stores = openSqliteStores({ dataDir, logger, now: () => 0 });
  return { stores, logger, topics: createRememberedConfigTopics(stores.cursors, logger) };
}

describe("remembered discovery config topics", () => {
  it("keeps the topics across a reopen of the database", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-topics-"));
    dirs.push(dataDir);
    const first = open(dataDir);
    expect(first.topics.load()).toEqual(new Set());
    first.topics.save(
      new Set(["homeassistant/sensor/home_patterns/b/config", "homeassistant/event/home_patterns/a/config"]),
    );
    first.stores.close();

    const second = open(dataDir);
    expect([...second.topics.load()]).toEqual([
      "homeassistant/event/home_patterns/a/config",
      "homeassistant/sensor/home_patterns/b/config",
    ]);
    second.stores.close();
  });

  it("starts from none, with a warning naming the key, when the stored value is not a list of topics", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-topics-"));
    dirs.push(dataDir);
    const { stores, logger, topics } = open(dataDir);
    for (const bad of ["{not json", '{"a":1}', "[1,2]"]) {
      stores.cursors.set(CONFIG_TOPICS_KEY, bad);
      expect(topics.load()).toEqual(new Set());
    }
    expect(logger.lines.filter((l) => l.includes(CONFIG_TOPICS_KEY))).toHaveLength(3);
    // Left as it was until something new is saved.
    expect(stores.cursors.get(CONFIG_TOPICS_KEY)).toBe("[1,2]");
    topics.save(new Set(["x/sensor/home_patterns/a/config"]));
    expect(stores.cursors.get(CONFIG_TOPICS_KEY)).toBe('["x/sensor/home_patterns/a/config"]');
    stores.close();
  });
});
