// The household facts a suggestion reads from the registry: the outside sensor and the unit its thresholds are in.
import { describe, expect, it } from "vitest";
import { suggestionContextFrom } from "../../../src/patterns/suggestions/suggestion-context.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

describe("suggestionContextFrom", () => {
  it("takes the outside temperature sensor's unit, °C while it names none", () => {
    const registry = new MemoryRegistryStore();
    registry.upsertEntities([
      { entityId: "sensor.outside_temperature", name: "Outside" },
      { entityId: "sensor.outdoor_temperature_backyard", name: "Backyard" },
      { entityId: "sensor.kitchen_temperature", name: "Kitchen" },
    ]);
    expect(suggestionContextFrom(registry).outsideTemperatureUnit).toBe("°C");
    registry.recordUnits(
      new Map([
        ["sensor.kitchen_temperature", { unit: "K", ts: 1 }],
        ["sensor.outdoor_temperature_backyard", { unit: "°C", ts: 1 }],
        ["sensor.outside_temperature", { unit: "°F", ts: 1 }],
      ]),
    );
    const context = suggestionContextFrom(registry);
    // The first sensor by entity id is the one triggered on: its unit is the thresholds'.
    expect(context.outsideTemperatureSensors).toEqual([
      "sensor.outdoor_temperature_backyard",
      "sensor.outside_temperature",
    ]);
    expect(context.outsideTemperatureUnit).toBe("°C");
    registry.recordUnits(new Map([["sensor.outdoor_temperature_backyard", { unit: "°F", ts: 2 }]]));
    expect(suggestionContextFrom(registry).outsideTemperatureUnit).toBe("°F");
  });
});
