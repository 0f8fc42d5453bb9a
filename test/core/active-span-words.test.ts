// The entity page names the time a device spends "on" by what that is for it.
import { describe, expect, it } from "vitest";
import { activeSpanWords } from "../../src/core/active-span-words.js";

describe("activeSpanWords", () => {
  it("says a person stays home, a lock unlocked, a door open, and a light on", () => {
    expect(activeSpanWords("person.alex").heading).toBe("How long they stay home");
    expect(activeSpanWords("person.alex").span).toBe("stay at home");
    expect(activeSpanWords("person.alex").spans).toBe("stays at home");
    expect(activeSpanWords("lock.front_door").heading).toBe("How long it stays unlocked");
    expect(activeSpanWords("binary_sensor.front_door", "door").heading).toBe("How long it stays open");
    expect(activeSpanWords("cover.garage").heading).toBe("How long it stays open");
    expect(activeSpanWords("climate.hall").heading).toBe("How long it heats or cools");
    expect(activeSpanWords("light.kitchen")).toEqual({
      heading: "How long it stays on",
      span: "on-period",
      spans: "on-periods",
    });
    expect(activeSpanWords("binary_sensor.hall_motion", "motion").heading).toBe("How long it stays on");
    expect(activeSpanWords("binary_sensor.front_door").heading).toBe("How long it stays on");
  });
});
