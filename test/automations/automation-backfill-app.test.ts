// The service against a fake Home Assistant with three weeks of automation runs it never heard: filled from
// the recorder's history at connect, the silent one is reported at once, the deleted one never.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { type Clock, systemClock } from "../../src/core/clock.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";

const TIME = new LocalTime("Europe/Berlin");
const TODAY = "2026-12-07";

describe("automation runs filled from Home Assistant's history when the service connects", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("reports the automation that went quiet, not the one deleted, without a night of listening", async () => {
    let haNow = TIME.toEpoch(addDays(TODAY, -22), 6 * 60);
    const fake = await FakeHomeAssistant.start({ now: () => haNow, timeZone: "Europe/Berlin" });
    cleanups.push(() => fake.stop());
    const automation = (id: string, alias: string, at: string) =>
      fake.addAutomation({ id, alias, trigger: [{ platform: "time", at }], action: [] });
    const morning = automation("morning", "Morning lights", "07:00:00");
    const hall = automation("hall", "Hall light", "08:00:00");
    const night = automation("night", "Night lock", "22:00:00");
    const runAt = (day: string, minute: number, entity: string) => {
      haNow = TIME.toEpoch(day, minute);
      fake.home.services.call("automation", "trigger", {}, { entity_id: entity }, fake.home.newContext());
    };
    // Three weeks in Home Assistant before the add-on is installed: the morning and hall lights
    // stop three days ago, the night lock runs on; the hall light's automation is deleted yesterday.
    for (let day = addDays(TODAY, -21); day < TODAY; day = addDays(day, 1)) {
      if (day <= addDays(TODAY, -4)) {
        runAt(day, 7 * 60, morning);
        runAt(day, 8 * 60, hall);
      }
      runAt(day, 22 * 60, night);
    }
    fake.removeState(hall);

    const startAt = TIME.toEpoch(TODAY, 9 * 60);
    const realStart = Date.now();
    const clock: Clock = { now: () => startAt + (Date.now() - realStart), setTimeout: systemClock.setTimeout };
    haNow = startAt;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-run-backfill-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      env: { DATA_DIR: dataDir, PORT: "0", HA_URL: fake.url, HA_TOKEN: fake.token },
      command: "run",
      cwd: dataDir,
    });
    const app: RunningApp = await startApp(config, { clock, logger: createMemoryLogger("warn") });
    cleanups.push(() => app.stop());

    const quiet = await eventually(
      async () => {
        const body = (await (await fetch(`${app.url}/api/patterns?type=automation_quiet`)).json()) as {
          patterns: { entities: string[]; summary: string; support: number }[];
        };
        return body.patterns.length > 0 && body.patterns;
      },
      "the quiet automation reported",
      20_000,
    );
    expect(quiet.map((p) => [p.entities, p.summary, p.support])).toEqual([
      [
        ["automation.morning_lights"],
        "Automation 'Morning lights' has not run since Thu 07:00; it usually runs every day",
        18,
      ],
    ]);
  });
});
