// A numeric state shown with its entity's unit, spaced as Home Assistant's frontend does.
import { describe, expect, it } from "vitest";
import { withUnit } from "../../src/core/state-with-unit.js";

describe("withUnit", () => {
  it("puts the unit after a number, with a space but before % and °", () => {
    expect(withUnit("21.5", "°C")).toBe("21.5 °C");
    expect(withUnit("-5.5", "°F")).toBe("-5.5 °F");
    expect(withUnit("620", "W")).toBe("620 W");
    expect(withUnit("1.2e3", "lx")).toBe("1.2e3 lx");
    expect(withUnit("45", "%")).toBe("45%");
    expect(withUnit("180", "°")).toBe("180°");
  });

  it("leaves states that are not numbers, and numbers without a known unit, as they are", () => {
    expect(withUnit("on", "W")).toBe("on");
    expect(withUnit("unavailable", "°C")).toBe("unavailable");
    expect(withUnit("2026-11-23T10:54:14+00:00", "s")).toBe("2026-11-23T10:54:14+00:00");
    expect(withUnit("21.5", null)).toBe("21.5");
    expect(withUnit("21.5", undefined)).toBe("21.5");
    expect(withUnit("21.5", "")).toBe("21.5");
  });
});
