// The unique ids and device identifiers the registry check keeps, and the key that says when to check again.
import { describe, expect, it } from "vitest";
import type { DiscoveredComponent } from "../../../src/publish/mqtt-discovery/discovered-component.js";
import {
  wantedDeviceIdentifiers,
  wantedKey,
  wantedUniqueIds,
} from "../../../src/publish/mqtt-discovery/wanted-registry-entries.js";

function sensor(objectId: string, device: unknown): DiscoveredComponent {
  return { component: "sensor", objectId, config: { unique_id: `home_patterns_${objectId}`, device } };
}

const HUB = sensor("active_patterns", { identifiers: ["home_patterns"] });
const KITCHEN = sensor("area_kitchen", { identifiers: ["home_patterns_area_kitchen", 7] });
const NO_DEVICE = sensor("storage_used", undefined);
const NO_UNIQUE_ID: DiscoveredComponent = {
  component: "event",
  objectId: "anomaly",
  config: { device: "not a block" },
};

describe("what of ours the registries keep", () => {
  it("collects the unique ids that are texts", () => {
    expect([...wantedUniqueIds([HUB, KITCHEN, NO_UNIQUE_ID])]).toEqual([
      "home_patterns_active_patterns",
      "home_patterns_area_kitchen",
    ]);
  });

  it("collects the device identifiers that are texts, once each", () => {
    expect([...wantedDeviceIdentifiers([HUB, KITCHEN, HUB, NO_DEVICE, NO_UNIQUE_ID])]).toEqual([
      "home_patterns",
      "home_patterns_area_kitchen",
    ]);
  });

  it("keys both sorted, so the same entities in another order need no new check", () => {
    expect(wantedKey([KITCHEN, HUB])).toBe(
      [
        "device:home_patterns",
        "device:home_patterns_area_kitchen",
        "home_patterns_active_patterns",
        "home_patterns_area_kitchen",
      ].join("\n"),
    );
    expect(wantedKey([HUB, KITCHEN])).toBe(wantedKey([KITCHEN, HUB]));
    expect(wantedKey([HUB])).not.toBe(wantedKey([HUB, KITCHEN]));
  });
});
