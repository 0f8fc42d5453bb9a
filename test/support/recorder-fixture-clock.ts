// "Now" for tests of the recorder fixtures (test/fixtures/ha-recorder), which a real Home Assistant
// wrote on 2026-12-07 between 00:34 and 03:18 UTC: an hour later, the same day in Berlin. With the
// system's clock those tests depended on the date they ran: from Berlin's next midnight on, the
// fixture's day was closed, so imports rolled it up and the expected counts changed.
import { type Clock, systemClock } from "../../src/core/clock.js";

export const RECORDER_FIXTURE_NOW = Date.parse("2026-12-07T04:20:00Z");

/** The fixture's moment for now(); real timers, so the commands' waits still pass. */
export const recorderFixtureClock: Clock = { now: () => RECORDER_FIXTURE_NOW, setTimeout: systemClock.setTimeout };
