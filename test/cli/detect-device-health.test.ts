// A sensor that often goes unavailable is told as device health, never as a pattern next to the habits.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";

function change(ts: number, entity: string, old: string, state: string): string {
  const when = new Date(ts).toISOString();
  return JSON.stringify({
    event_type: "state_changed",
    time_fired: when,
    data: { entity_id: entity, old_state: { state: old }, new_state: { state, last_changed: when } },
  });
}

/** 21 days of a kitchen light at 07:00; the garage door sensor drops out for an hour on every other day. */
function history(): string {
  const lines: string[] = [];
  for (let day = 1; day <= 21; day++) {
    const at = (h: number, m = 0) => Date.UTC(2026, 10, day, h, m);
    lines.push(change(at(7), "light.kitchen", "off", "on"), change(at(7, 30), "light.kitchen", "on", "off"));
    if (day % 2 === 0)
      lines.push(
        change(at(3), "binary_sensor.garage_door", "off", "unavailable"),
        change(at(4), "binary_sensor.garage_door", "unavailable", "off"),
      );
  }
  return `${lines.join("\n")}\n`;
}

async function run(dir: string, name: string, args: string[], clock: ManualClock) {
  const out: string[] = [];
  const code = await runCommand(name, [...args, "--time-zone", "UTC"], {
    env: { DATA_DIR: dir },
    cwd: dir,
    clock,
    out: (l) => out.push(l),
    err: () => {},
  });
  return { code, out };
}

describe("device health", () => {
  it("lists a flaky sensor apart from the patterns, in words and in the JSON", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-health-"));
    const file = path.join(dir, "history.jsonl");
    writeFileSync(file, history());
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 9));
    await run(dir, "import", ["--format", "jsonl", file], clock);
    await run(dir, "rollup", [], clock);
    const text = await run(dir, "detect", [], clock);
    expect(text.out.slice(-2)).toEqual([
      "Device health (not habits: check these devices' batteries, range or power):",
      "  Garage door went unavailable on 10 of 21 days, last on 2026-11-20",
    ]);
    const json = JSON.parse((await run(dir, "detect", ["--json"], clock)).out.join("\n"));
    expect(json.patterns.map((p: { type: string }) => p.type)).not.toContain("anomaly");
    expect(json.deviceHealth).toEqual([
      {
        entity: "binary_sensor.garage_door",
        area: "garage",
        kind: "unavailable",
        summary: "Garage door went unavailable on 10 of 21 days, last on 2026-11-20",
        days: 10,
        ofDays: 21,
        lastDay: "2026-11-20",
        certainty: 1,
      },
    ]);
  });
});
