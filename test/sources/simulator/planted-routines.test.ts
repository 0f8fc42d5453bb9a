import { beforeAll, describe, expect, it } from "vitest";
import type { DayType, TimeBasedRoutine } from "../../../bench/eval/truth/ground-truth.js";
import { groundTruthOf } from "../../../bench/eval/truth/simulation-truth.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { LocalTime, weekdayOf } from "../../../src/core/local-time.js";
import { createSimulatedHome, createSimulation, type SimulatedDay } from "../../../src/sources/simulator/index.js";

const local = new LocalTime("Europe/Berlin");
const options = { seed: 21, size: "small", eventsPerDay: 800, anomalies: "none" } as const;
const home = createSimulatedHome(options);
const MIN = 60_000;
let days: SimulatedDay[] = [];

const minuteOf = (e: HomeEvent) => local.parts(e.ts).minuteOfDay;
const find = (d: SimulatedDay, entity: string, state: string) =>
  d.events.filter((e) => e.entity === entity && e.state === state);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const weekday = (d: SimulatedDay) => weekdayOf(d.day) < 5;

beforeAll(() => {
  days = [...home.generate("2026-01-01", 365)];
});

describe("time-based routine", () => {
  it("puts the kitchen light on at 06:55 ± 8 local on about 85 % of weekdays, never on weekend mornings", () => {
    const weekdays = days.filter(weekday);
    const mornings = weekdays.map((d) => find(d, "light.kitchen", "on").filter((e) => minuteOf(e) < 9 * 60));
    const withLight = mornings.filter((m) => m.length > 0);
    expect(weekdays.length).toBe(261);
    expect(withLight.length / weekdays.length).toBeGreaterThan(0.78);
    expect(withLight.length / weekdays.length).toBeLessThan(0.92);
    for (const [e] of withLight) expect(Math.abs(minuteOf(e) - 415)).toBeLessThanOrEqual(8);
    const weekendMornings = days
      .filter((d) => !weekday(d))
      .flatMap((d) => find(d, "light.kitchen", "on").filter((e) => minuteOf(e) < 12 * 60));
    expect(weekendMornings).toEqual([]);
  });

  it("stays at local 06:55 across both DST changes in Europe/Berlin, moving by an hour in UTC", () => {
    const utcMinute = (e: HomeEvent) => Math.floor((e.ts % 86_400_000) / MIN);
    for (const [before, after] of [
      [
        ["2026-03-16", "2026-03-27"],
        ["2026-03-30", "2026-04-10"],
      ],
      [
        ["2026-10-12", "2026-10-23"],
        ["2026-10-26", "2026-11-06"],
      ],
    ]) {
      const lights = (range: string[]) =>
        days
          .filter((d) => d.day >= range[0] && d.day <= range[1] && weekday(d))
          .flatMap((d) => find(d, "light.kitchen", "on").slice(0, 1));
      const early = lights(before);
      const late = lights(after);
      expect(early.length).toBeGreaterThanOrEqual(7);
      expect(late.length).toBeGreaterThanOrEqual(7);
      for (const e of [...early, ...late]) expect(Math.abs(minuteOf(e) - 415)).toBeLessThanOrEqual(8);
      // CET is UTC+1 and CEST UTC+2: the same wall time is an hour apart in UTC.
      const shift = Math.abs(median(early.map(utcMinute)) - median(late.map(utcMinute)));
      expect(Math.abs(shift - 60)).toBeLessThanOrEqual(10);
    }
  });

  it("wakes Sam at local 08:30 ± 20 on the 23- and 25-hour DST Sundays", () => {
    for (const day of ["2026-03-29", "2026-10-25"]) {
      const d = days.find((x) => x.day === day)!;
      expect((d.end - d.start) / 3_600_000).toBe(day === "2026-03-29" ? 23 : 25);
      const wake = find(d, "light.bedroom", "on").filter((e) => minuteOf(e) < 12 * 60);
      expect(wake.length).toBe(1);
      expect(Math.abs(minuteOf(wake[0]) - 510)).toBeLessThanOrEqual(20);
    }
  });
});

describe("day-type routine", () => {
  it("switches the bedroom light on around 06:45 on weekdays and 08:30 at weekends", () => {
    const wake = (d: SimulatedDay) =>
      find(d, "light.bedroom", "on")
        .filter((e) => minuteOf(e) < 12 * 60)
        .map(minuteOf);
    const weekdayWake = days.filter(weekday).flatMap(wake);
    const weekendWake = days.filter((d) => !weekday(d)).flatMap(wake);
    expect(weekdayWake.length / 261).toBeGreaterThan(0.93);
    expect(Math.abs(median(weekdayWake) - 405)).toBeLessThanOrEqual(3);
    expect(Math.abs(median(weekendWake) - 510)).toBeLessThanOrEqual(6);
  });
});

describe("contextual routines", () => {
  it("turns the living room light on 10 ± 5 minutes after sunset, so it moves through the year", () => {
    const offsets: number[] = [];
    const byMonth = new Map<number, number[]>();
    for (const d of days) {
      const sunset = find(d, "sun.sun", "below_horizon")[0];
      const light = find(d, "light.living_room", "on")[0];
      if (!sunset || !light) continue;
      offsets.push((light.ts - sunset.ts) / MIN);
      const month = local.parts(d.start).month;
      byMonth.set(month, [...(byMonth.get(month) ?? []), minuteOf(light)]);
    }
    const onTime = offsets.filter((o) => o >= 5 && o <= 15).length;
    expect(onTime / offsets.length).toBeGreaterThan(0.85);
    expect(median(byMonth.get(12)!)).toBeLessThan(17 * 60);
    expect(median(byMonth.get(6)!)).toBeGreaterThan(21 * 60 + 30);
  });

  it("has an automation switch the porch light on at sunset and the indoor lights off when everyone has left", () => {
    for (const d of days.slice(0, 60)) {
      const sunset = find(d, "sun.sun", "below_horizon")[0];
      const porch = find(d, "light.porch", "on")[0];
      expect(porch.parent).toMatch(/^[0-9A-Z]{26}$/);
      expect(porch.user).toBeUndefined();
      expect((porch.ts - sunset.ts) / 1000).toBeLessThan(3);
    }
    let checked = 0;
    for (const d of days.filter((x) => [0, 1, 3].includes(weekdayOf(x.day)))) {
      const lastOut = d.events.filter((e) => e.entity.startsWith("person.") && e.state === "not_home").pop()!;
      const kitchenOff = find(d, "light.kitchen", "off").find((e) => e.ts > lastOut.ts && e.ts - lastOut.ts < 10_000);
      if (!kitchenOff) continue;
      expect(kitchenOff.parent).toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("heats only in the heating months, off after the house empties and on when someone is back, by Sam's app", () => {
    const sam = home.residents.find((r) => r.person === "person.sam")!.userId;
    const climate = days.flatMap((d) => d.events.filter((e) => e.entity === "climate.living_room"));
    expect(climate.length).toBeGreaterThan(200);
    for (const e of climate) {
      expect(e.user).toBe(sam);
      const month = local.parts(e.ts).month;
      // The only summer change is switching the season off on 1 May.
      if (month >= 5 && month <= 9) expect([e.state, local.dayOf(e.ts)]).toEqual(["off", "2026-05-01"]);
    }
    const january = days.filter((d) => d.day.startsWith("2026-01") && [0, 1, 3].includes(weekdayOf(d.day)));
    for (const d of january) {
      const lastOut = d.events.filter((e) => e.entity.startsWith("person.") && e.state === "not_home").pop()!;
      const off = find(d, "climate.living_room", "off")[0];
      expect((off.ts - lastOut.ts) / MIN).toBeGreaterThanOrEqual(5);
      expect((off.ts - lastOut.ts) / MIN).toBeLessThanOrEqual(15);
    }
  });

  it("uses the office light mostly on gloomy home-office days and the space heater only when it is cold", () => {
    const officeDays = days.filter((d) => [2, 4].includes(weekdayOf(d.day)));
    const heaterMonths = new Set(
      officeDays.filter((d) => find(d, "switch.space_heater", "on").length > 0).map((d) => local.parts(d.start).month),
    );
    expect([...heaterMonths].every((m) => m <= 4 || m >= 10)).toBe(true);
    expect(heaterMonths.has(1)).toBe(true);
    const officeLightDays = officeDays.filter((d) => find(d, "light.office", "on").length > 0).length;
    expect(officeLightDays / officeDays.length).toBeGreaterThan(0.3);
    expect(days.filter((d) => !officeDays.includes(d)).flatMap((d) => find(d, "light.office", "on"))).toEqual([]);
  });
});

describe("co-occurrence, sequence and duration routines", () => {
  it("follows hallway motion with the hallway light within 30 s most of the time", () => {
    let motions = 0;
    let followed = 0;
    for (const d of days) {
      const lights = find(d, "light.hallway", "on");
      for (const m of find(d, "binary_sensor.hallway_motion", "on")) {
        motions++;
        if (lights.some((l) => l.ts >= m.ts && l.ts - m.ts <= 30_000)) followed++;
      }
    }
    expect(motions).toBeGreaterThan(3000);
    expect(followed / motions).toBeGreaterThan(0.8);
  });

  it("runs bedroom light off → hallway motion → bathroom light on → fan on with short gaps on most mornings", () => {
    let sequences = 0;
    for (const d of days) {
      const bedroomOff = find(d, "light.bedroom", "off").find((e) => minuteOf(e) < 12 * 60);
      if (!bedroomOff) continue;
      const motion = find(d, "binary_sensor.hallway_motion", "on").find(
        (e) => e.ts > bedroomOff.ts && e.ts - bedroomOff.ts <= 25_000,
      );
      const bath =
        motion && find(d, "light.bathroom", "on").find((e) => e.ts > motion.ts && e.ts - motion.ts <= 15_000);
      const fan = bath && find(d, "switch.bathroom_fan", "on").find((e) => e.ts > bath.ts && e.ts - bath.ts <= 60_000);
      if (fan) sequences++;
    }
    expect(sequences / days.length).toBeGreaterThan(0.78);
  });

  it("runs the bathroom fan 15 ± 3 minutes and the coffee maker 4 ± 1", () => {
    const durations = (entity: string) =>
      days.flatMap((d) => {
        const on = find(d, entity, "on");
        const off = find(d, entity, "off");
        return on.map((e, i) => (off[i].ts - e.ts) / MIN);
      });
    const fan = durations("switch.bathroom_fan");
    const coffee = durations("switch.coffee_maker");
    expect(fan.length).toBeGreaterThan(300);
    expect(Math.min(...fan)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...fan)).toBeLessThanOrEqual(18);
    expect(Math.abs(median(fan) - 15)).toBeLessThan(0.5);
    expect(Math.min(...coffee)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...coffee)).toBeLessThanOrEqual(5);
  });
});

describe("bedtime routines", () => {
  const truth = groundTruthOf(createSimulation(options));
  const planned = (id: string, dayType: DayType) =>
    (truth.routines.find((r) => r.id === id) as TimeBasedRoutine).byDayType![dayType];
  const evening = (d: SimulatedDay, entity: string, state: string) =>
    find(d, entity, state).filter((e) => minuteOf(e) >= 20 * 60);
  const ofDayType = (dayType: DayType) => days.filter((d) => weekday(d) === (dayType === "weekday"));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  /** Each evening's change, within the listed tolerance (a minute more: minuteOf drops the seconds), and their mean near the listed time. */
  const expectAtPlannedTime = (id: string, dayType: DayType, minutes: number[]) => {
    const { minuteOfDay, toleranceMinutes } = planned(id, dayType);
    for (const m of minutes)
      expect(Math.abs(m + 0.5 - minuteOfDay), `${id} ${dayType} ${m}`).toBeLessThanOrEqual(toleranceMinutes + 1);
    expect(Math.abs(mean(minutes) + 0.5 - minuteOfDay), `${id} ${dayType}`).toBeLessThanOrEqual(2);
  };

  it("switches the bedroom light on as the first one comes to bed and off as the last one falls asleep, every night", () => {
    for (const dayType of ["weekday", "weekend"] as const) {
      const nights = ofDayType(dayType);
      const on = nights.map((d) => evening(d, "light.bedroom", "on"));
      const off = nights.map((d) => evening(d, "light.bedroom", "off"));
      expect(on.every((x) => x.length === 1) && off.every((x) => x.length === 1)).toBe(true);
      expectAtPlannedTime(
        "bedroom-light-on-at-bedtime",
        dayType,
        on.map(([e]) => minuteOf(e)),
      );
      expectAtPlannedTime(
        "bedroom-light-off-when-asleep",
        dayType,
        off.map(([e]) => minuteOf(e)),
      );
    }
    expect(
      planned("bedroom-light-on-at-bedtime", "weekend").minuteOfDay -
        planned("bedroom-light-on-at-bedtime", "weekday").minuteOfDay,
    ).toBe(30);
  });

  it("switches the living room light off as the last one leaves for bed, on the nights it was on", () => {
    for (const dayType of ["weekday", "weekend"] as const) {
      const nights = ofDayType(dayType);
      const off = nights.flatMap((d) => evening(d, "light.living_room", "off").map(minuteOf));
      expect(off.length / nights.length).toBeGreaterThan(0.85);
      expect(off.length / nights.length).toBeLessThan(0.96);
      expectAtPlannedTime("living-room-light-off-at-bedtime", dayType, off);
    }
  });

  it("switches the TV off around 22:30 on TV evenings, never after the last one has gone to bed", () => {
    const weekdays = ofDayType("weekday");
    const weekdayOff = weekdays.flatMap((d) => evening(d, "media_player.living_room_tv", "off").map(minuteOf));
    expect(weekdayOff.length / weekdays.length).toBeGreaterThan(0.78);
    expect(weekdayOff.length / weekdays.length).toBeLessThan(0.92);
    expectAtPlannedTime("evening-tv-off", "weekday", weekdayOff);
    expectAtPlannedTime(
      "evening-tv-off",
      "weekend",
      ofDayType("weekend").flatMap((d) => evening(d, "media_player.living_room_tv", "off").map(minuteOf)),
    );
    for (const d of days) {
      const tvOff = evening(d, "media_player.living_room_tv", "off")[0];
      const livingRoomOff = evening(d, "light.living_room", "off")[0];
      if (tvOff && livingRoomOff) expect(tvOff.ts).toBeLessThanOrEqual(livingRoomOff.ts);
    }
  });

  it("keeps the bathroom light on for Sam's shower, 12 to 20 minutes", () => {
    const showers = days.flatMap((d) => {
      const on = find(d, "light.bathroom", "on");
      const off = find(d, "light.bathroom", "off");
      return on.map((e, i) => (off[i].ts - e.ts) / MIN);
    });
    expect(showers.length).toBeGreaterThan(300);
    expect(Math.min(...showers)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...showers)).toBeLessThanOrEqual(20);
    expect(Math.abs(median(showers) - 16)).toBeLessThan(1);
  });
});

describe("seasonal routine and noise", () => {
  it("lights the garden on summer weekend evenings and hardly ever otherwise", () => {
    const gardenDays = days.filter((d) => find(d, "light.garden", "on").length > 0);
    const summer = gardenDays.filter((d) => [5, 6, 7, 8].includes(local.parts(d.start).month));
    expect(summer.length).toBeGreaterThan(20);
    expect(gardenDays.length - summer.length).toBeLessThan(8);
    expect(gardenDays.every((d) => !weekday(d))).toBe(true);
  });

  it("spreads chatty and toggling noise over every hour of the day", () => {
    for (const entity of ["sensor.fridge_power", "binary_sensor.garden_motion", "switch.desk_lamp"]) {
      const hours = new Array(24).fill(0);
      let total = 0;
      for (const d of days) {
        for (const e of d.events) {
          if (e.entity !== entity) continue;
          hours[local.parts(e.ts).hour]++;
          total++;
        }
      }
      expect(total, entity).toBeGreaterThan(1000);
      for (const count of hours) expect(count / total, entity).toBeLessThan(0.07);
    }
  });
});
