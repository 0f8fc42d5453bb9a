// The panel writes times in the home's zone, so they agree with the service's own summaries.
import { afterEach, describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatTime, useHomeTimeZone } from "../../ui/src/format.js";

const NOON_UTC = Date.UTC(2026, 10, 23, 12, 0);
const inZone = (timeZone: string) =>
  new Date(NOON_UTC).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone });

describe("times in the home's zone", () => {
  afterEach(() => useHomeTimeZone(undefined));

  it("formats in the zone the service reports, not the browser's", () => {
    useHomeTimeZone("Asia/Tokyo");
    expect(formatTime(NOON_UTC)).toBe(inZone("Asia/Tokyo"));
    expect(formatTime(NOON_UTC)).not.toBe(inZone("America/New_York"));
    // 21:00 in Tokyo on Monday 23 November; 07:00 the same day in New York.
    expect(formatDay(NOON_UTC)).toContain("23");
    useHomeTimeZone("Pacific/Kiritimati"); // UTC+14: already Tuesday 24th at 02:00
    expect(formatDay(NOON_UTC)).toContain("24");
    expect(formatDateTime(NOON_UTC)).toContain("24");
  });
});
