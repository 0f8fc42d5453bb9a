// Spans of time in the panel (uptime, a median on-period, the demo's hour): one unit per size.
import { describe, expect, it } from "vitest";
import { formatDuration } from "../../ui/src/format.js";

describe("formatDuration", () => {
  it("says seconds, minutes, hours and minutes, then days and hours", () => {
    expect(formatDuration(40)).toBe("40 s");
    expect(formatDuration(59.6)).toBe("1 min");
    expect(formatDuration(12 * 60)).toBe("12 min");
    expect(formatDuration(3600 + 5 * 60)).toBe("1 h 5 min");
    expect(formatDuration(50 * 3600 + 3 * 60)).toBe("2 d 2 h");
    expect(formatDuration(3 * 86_400)).toBe("3 d");
  });

  it("rounds once, so no figure reads 60 of the smaller unit", () => {
    expect(formatDuration(7_170)).toBe("2 h");
    expect(formatDuration(3_599)).toBe("1 h");
    expect(formatDuration(86_370)).toBe("1 d");
  });
});
