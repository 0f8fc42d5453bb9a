// The schema checker is trusted only if it accepts what real Home Assistant wrote and rejects what it refused.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAutomationYaml } from "../../../src/patterns/suggestions/automation-yaml.js";
import { automationProblems } from "./automation-schema.js";

const recordings = path.join(import.meta.dirname, "../../fixtures/ha-recordings");
const restMeta = JSON.parse(readFileSync(path.join(recordings, "rest-meta.json"), "utf8")) as {
  notes: { automations_yaml_after: string };
};
const restLines = readFileSync(path.join(recordings, "rest.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, any>);

describe("automation schema checker", () => {
  it("accepts both automations of automations.yaml as Home Assistant 2023.12 rewrote it", () => {
    const automations = parseAutomationYaml(restMeta.notes.automations_yaml_after) as unknown[];
    expect(automations).toHaveLength(2);
    for (const automation of automations) expect(automationProblems(automation, { minVersion: "2023.12" })).toEqual([]);
  });

  it("rejects the config Home Assistant answered 400 to (unknown platform)", () => {
    const bad = restLines.find((l) => l.request?.path === "/api/config/automation/config/home_patterns_bad")!.request
      .body;
    expect(automationProblems(bad, { minVersion: "2023.12" })).toEqual([
      'trigger[0]: unknown platform "no_such_platform"',
      "action: at least one action is required",
    ]);
  });

  it("knows which keys each version reads: the 2024.10 form is an error for 2023.12 and fine for 2024.10", () => {
    const modern = {
      alias: "Hall light at sunset",
      triggers: [{ trigger: "sun", event: "sunset", offset: "-00:10:00" }],
      conditions: [{ condition: "state", entity_id: "person.alex", state: "home" }],
      actions: [{ action: "light.turn_on", target: { entity_id: "light.hall" } }],
      mode: "single",
    };
    expect(automationProblems(modern, { minVersion: "2024.10" })).toEqual([]);
    expect(automationProblems(modern, { minVersion: "2023.12" })).toEqual([
      "triggers: unknown before Home Assistant 2024.10; use trigger",
      "trigger[0]: `trigger:` inside a trigger is unknown before 2024.10; use platform",
      "conditions: unknown before Home Assistant 2024.10; use condition",
      "actions: unknown before Home Assistant 2024.10; use action",
      "action[0]: `action:` for a service call is unknown before 2024.8; use service",
    ]);
  });

  it("catches what YAML 1.1 does to an unquoted on, a bad weekday and a malformed period", () => {
    const config = parseAutomationYaml(
      [
        "alias: Motion light",
        "trigger:",
        "  - platform: state",
        "    entity_id: binary_sensor.hall_motion",
        "    to: on",
        "    for: 5 minutes",
        "condition:",
        "  - condition: time",
        "    weekday: [monday]",
        "action:",
        "  - service: light.turn_on",
        "    target: {entity_id: Light.Hall}",
      ].join("\n"),
    );
    expect(automationProblems(config, { minVersion: "2023.12" })).toEqual([
      "trigger[0].to: states must be text (quote on/off)",
      "trigger[0].for: must be a time period (HH:MM:SS, seconds, or {hours, minutes, seconds})",
      'condition[0].weekday: "monday" is not a weekday',
      'action[0].target.entity_id: "Light.Hall" is not an entity id',
    ]);
  });
});
