// Automations that went quiet, end to end from a fake Home Assistant: its automation_triggered events are
// counted per day in SQLite, the nightly run reports the quiet one in the catalog and fires home_patterns_health.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { SqliteAutomationRunStore } from "../../src/automations/automation-run-days.js";
import { recordAutomationRuns } from "../../src/automations/automation-run-recorder.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { addDays, daysBetween, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { AutomationQuietDetector } from "../../src/detectors/automation-quiet-detector.js";
import { DetectorRunner } from "../../src/detectors/detector-runner.js";
import type { WindowReader } from "../../src/layers/aggregate-kind.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { SqlitePatternStore } from "../../src/patterns/sqlite-pattern-store.js";
import { createHaEventPublisher } from "../../src/publish/ha-events/index.js";
import { createHaSource, type HaSource } from "../../src/sources/ha/ha-source.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";

const ZONE = "Europe/Berlin";
const TIME = new LocalTime(ZONE);
/** A Monday: three weeks of runs start here. */
const FIRST_DAY = "2026-11-02";

const emptyReader: WindowReader = {
  merged: () => new Map(),
  byDay: () => new Map(),
  byPeriod: () => new Map(),
  coveredDays: () => [],
  rolledUpDays: () => [],
};

describe("automations that went quiet, heard from a fake Home Assistant", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function home() {
    const clock = new ManualClock(TIME.toEpoch(FIRST_DAY, 6 * 60));
    const fake = await FakeHomeAssistant.start({ now: () => clock.now(), timeZone: ZONE });
    cleanups.push(() => fake.stop());
    const logger = createMemoryLogger();
    const source: HaSource = createHaSource({
      url: fake.url,
      token: fake.token,
      logger,
      clock,
      registry: new MemoryRegistryStore(),
      lastEventTimes: () => new Map(),
      maxBackfillMs: 3_600_000,
      backoff: { initialMs: 1_000, maxMs: 8_000 },
      connectTimeoutMs: 3_600_000,
    });
    await source.start({ push: () => undefined, reject: () => undefined });
    await source.synced();
    cleanups.push(() => source.stop());
    const stores: SqliteStores = openSqliteStores({
      dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-quiet-")),
      logger,
      now: () => clock.now(),
    });
    cleanups.push(() => stores.close());
    const runs = new SqliteAutomationRunStore(stores.db);
    cleanups.push(recordAutomationRuns({ runs, time: TIME, contextEvents: (l) => source.onContextEvent(l) }));
    const bus = new TypedBus<AppEvents>(logger);
    const patterns = new SqlitePatternStore(stores.db);
    const audit = new SqliteAuditLog(stores.db);
    const catalog = new PatternCatalog(patterns, clock, audit);
    const runner = new DetectorRunner({
      // As the app wires it: an automation Home Assistant no longer has a state for is not quiet.
      detectors: [new AutomationQuietDetector(runs, (a) => source.hasEntity(a) === false)],
      reader: emptyReader,
      catalog,
      anomalies: new AnomalyLog(patterns, clock, audit),
      registry: new MemoryRegistryStore(),
      time: TIME,
      clock,
      logger,
      bus,
    });
    const events = createHaEventPublisher({
      bus,
      fireEvent: (type, data) => source.fireEvent(type, data),
      onConnected: (listener) => source.onHomeConfig(() => listener()),
      logger,
    });
    events.start();
    cleanups.push(() => events.stop());

    let heard = 0;
    /** Home Assistant runs the automation at this local time of the day. */
    const run = async (day: string, minute: number, entityId: string, name: string) => {
      clock.set(TIME.toEpoch(day, minute));
      // A real Home Assistant has a state for every automation it runs.
      if (!fake.state(entityId)) fake.setStates([{ entity_id: entityId, state: "on" }]);
      fake.home.fire("automation_triggered", { name, entity_id: entityId, source: "time" }, fake.home.newContext());
      heard++;
      await eventually(
        () => runs.daysBetween("2000-01-01", "2100-01-01").reduce((n, r) => n + r.runs, 0) === heard,
        "the run counted",
      );
    };
    /** The nightly detection of the morning after `day`. */
    const nightAfter = (day: string) => {
      clock.set(TIME.toEpoch(addDays(day, 1), 3 * 60));
      return runner.run();
    };
    return { fake, source, run, nightAfter, catalog, events };
  }

  it("reports an automation that ran every day for three weeks and has been silent for three days", async () => {
    const { fake, run, nightAfter, catalog, events } = await home();
    const lastMorning = addDays(FIRST_DAY, 20); // Sunday 2026-11-22
    for (let day = FIRST_DAY; day <= addDays(lastMorning, 2); day = addDays(day, 1)) {
      if (day <= lastMorning) await run(day, 7 * 60, "automation.morning_lights", "Morning lights");
      // Another automation keeps running: the add-on was listening on the silent days.
      await run(day, 22 * 60, "automation.night_lock", "Night lock");
    }
    const silentTwoDays = nightAfter(addDays(lastMorning, 2));
    expect(silentTwoDays.findings.map((f) => f.summary)).toEqual([
      "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day",
    ]);
    await run(addDays(lastMorning, 3), 22 * 60, "automation.night_lock", "Night lock");
    nightAfter(addDays(lastMorning, 3));
    const listed = catalog.list({ type: "automation_quiet" });
    const quiet = listed.map((p) => (p.type === "automation_quiet" ? p.params : null));
    expect(listed.map((p, i) => [p.key, p.entities, quiet[i]?.lastRun, quiet[i]?.silentDays])).toEqual([
      [
        "automation_quiet:automation.morning_lights:2026-11-22",
        ["automation.morning_lights"],
        "2026-11-22T06:00:00.000Z",
        3,
      ],
    ]);
    await eventually(() => fake.firedEvents("home_patterns_health").length === 1, "the health event");
    expect(fake.firedEvents("home_patterns_health")[0].data).toEqual({
      kind: "automation_quiet",
      type: "automation_quiet",
      entity_id: "automation.morning_lights",
      name: "Morning lights",
      last_run: "2026-11-22T06:00:00.000Z",
      usual_gap_days: 1,
      silent_days: 2,
      summary: "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day",
      key: "automation_quiet:automation.morning_lights:2026-11-22",
    });
    expect(events.status()).toMatchObject({ failed: 0, dropped: 0 });

    // Dismissed like any finding: it stays dismissed on the next nights of the same silence.
    catalog.dismiss(listed[0].id, { actorId: "user-1", actorName: "Sam", via: "ingress" });
    await run(addDays(lastMorning, 4), 22 * 60, "automation.night_lock", "Night lock");
    nightAfter(addDays(lastMorning, 4));
    expect(catalog.list({ type: "automation_quiet" })).toEqual([]);
    expect(catalog.list({ type: "automation_quiet", statuses: ["dismissed"] })).toHaveLength(1);
  });

  it("does not report an automation deleted or disabled in Home Assistant", async () => {
    const { fake, source, run, nightAfter, catalog } = await home();
    fake.addEntity({ entity_id: "automation.evening_blinds", platform: "automation" });
    const lastDay = addDays(FIRST_DAY, 20);
    for (let day = FIRST_DAY; day <= addDays(lastDay, 3); day = addDays(day, 1)) {
      if (day <= lastDay) {
        await run(day, 7 * 60, "automation.morning_lights", "Morning lights");
        await run(day, 8 * 60, "automation.hall_light", "Hall light");
        await run(day, 19 * 60, "automation.evening_blinds", "Evening blinds");
      }
      await run(day, 22 * 60, "automation.night_lock", "Night lock");
    }
    // Deleted: its state goes (new_state null). Disabled in the entity registry: its state goes too.
    fake.removeState("automation.morning_lights");
    fake.updateEntityRegistry("automation.evening_blinds", { disabled_by: "user" });
    await eventually(
      () =>
        source.hasEntity("automation.morning_lights") === false &&
        source.hasEntity("automation.evening_blinds") === false,
      "both gone from Home Assistant",
    );
    const report = nightAfter(addDays(lastDay, 3));
    // Only the one still in Home Assistant is reported.
    expect(report.findings.map((f) => f.summary)).toEqual([
      "Automation 'Hall light' has not run since Sun 08:00; it usually runs every day",
    ]);
    expect(catalog.list({ type: "automation_quiet" }).map((p) => p.entities)).toEqual([["automation.hall_light"]]);
  });

  it("no longer reports it the night after it ran again", async () => {
    const { run, nightAfter, catalog } = await home();
    const lastMorning = addDays(FIRST_DAY, 20);
    for (let day = FIRST_DAY; day <= addDays(lastMorning, 3); day = addDays(day, 1)) {
      if (day <= lastMorning) await run(day, 7 * 60, "automation.morning_lights", "Morning lights");
      await run(day, 22 * 60, "automation.night_lock", "Night lock");
    }
    nightAfter(addDays(lastMorning, 3));
    expect(catalog.list({ type: "automation_quiet" })).toHaveLength(1);
    await run(addDays(lastMorning, 4), 7 * 60, "automation.morning_lights", "Morning lights");
    nightAfter(addDays(lastMorning, 4));
    expect(catalog.list({ type: "automation_quiet" })).toEqual([]);
  });

  it("does not report an automation that runs once a week, five days after its last run", async () => {
    const { fake, run, nightAfter, catalog } = await home();
    const lastRun = addDays(FIRST_DAY, 35); // the sixth Monday
    for (let day = FIRST_DAY; day <= addDays(lastRun, 5); day = addDays(day, 1)) {
      if (day <= lastRun && daysBetween(FIRST_DAY, day) % 7 === 0)
        await run(day, 9 * 60, "automation.water_plants", "Water plants");
      await run(day, 22 * 60, "automation.night_lock", "Night lock");
    }
    const report = nightAfter(addDays(lastRun, 5));
    expect(report.findings).toEqual([]);
    expect(catalog.list({ type: "automation_quiet" })).toEqual([]);
    expect(fake.firedEvents("home_patterns_health")).toEqual([]);
  });
});
