// The panel writes times in the home's zone, so they agree with the service's own summaries.
import { afterEach, describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatTime, useHomeTimeZone } from "../../ui/src/format.js";

const NOON_UTC = Date.UTC(2026, 10, 23, 12, 0);
const inZone = (timeZone: string) =>
  new Date(NOON_UTC).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });

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

  it("writes 24-hour times, as the service's summaries do, even in a 12-hour locale", () => {
    useHomeTimeZone("Europe/Berlin");
    const halfPastMidnight = Date.UTC(2026, 11, 7, 23, 50); // 00:50 on 8 December in Berlin
    expect(new Date(halfPastMidnight).toLocaleTimeString("en-US", { timeZone: "Europe/Berlin" })).toContain("AM");
    expect(formatTime(halfPastMidnight)).toMatch(/^00\D50$/);
    expect(formatDateTime(halfPastMidnight)).toMatch(/00\D50$/);
    expect(formatDateTime(halfPastMidnight)).not.toMatch(/AM|PM/);
  });
});
