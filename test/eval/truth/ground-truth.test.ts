import { describe, expect, it } from "vitest";
import type { DurationRoutine, PlantedRoutine, TimeBasedRoutine } from "../../../bench/eval/truth/ground-truth.js";
import { groundTruthOf } from "../../../bench/eval/truth/simulation-truth.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { LocalTime, weekdayOf } from "../../../src/core/local-time.js";
import { type AnomalyPlan, createSimulatedHome, createSimulation } from "../../../src/sources/simulator/index.js";
import { PLAN } from "../../../src/sources/simulator/routine-catalog.js";

const local = new LocalTime("Europe/Berlin");
const MIN = 60_000;

describe("ground truth of planted routines", () => {
  it("plants at least one routine for every detector type but room_based (measured by roomTruthOf), plus anomalies on request", () => {
    const truth = groundTruthOf(createSimulation({ anomalies: [{ day: "2026-02-03", kind: "long_on" }] }));
    const types = new Set<string>(truth.routines.map((r) => r.type));
    if (truth.anomalies.length > 0) types.add("anomaly");
    expect([...types].sort()).toEqual([
      "anomaly",
      "co_occurrence",
      "contextual",
      "day_type",
      "duration",
      "seasonal",
      "sequence",
      "session",
      "time_based",
    ]);
    const contexts = truth.routines.flatMap((r) => (r.type === "contextual" ? [r.context.kind] : []));
    expect(new Set(contexts)).toEqual(new Set(["sun", "presence", "weather", "temperature"]));
  });

  it("describes the kitchen light routine with what an evaluator needs", () => {
    const truth = groundTruthOf(createSimulation());
    const kitchen = truth.routines.find((r) => r.id === "kitchen-light-weekday-morning") as TimeBasedRoutine;
    expect(kitchen).toMatchObject({
      type: "time_based",
      target: { entity: "light.kitchen", state: "on" },
      at: { time: "06:55", minuteOfDay: 415, toleranceMinutes: 8 },
      weekdays: [0, 1, 2, 3, 4],
      probability: 0.85,
      automated: false,
      resident: "person.alex",
      area: "kitchen",
    });
  });

  it("lists every clock and duration habit the simulation plants, the bedtime ones timed from the planned bedtimes", () => {
    const truth = groundTruthOf(createSimulation());
    const ids = (type: string) => truth.routines.filter((r) => r.type === type).map((r) => r.id);
    expect(ids("time_based")).toEqual([
      "kitchen-light-weekday-morning",
      "porch-light-off-2300-automation",
      "bedroom-light-on-at-bedtime",
      "bedroom-light-off-when-asleep",
      "living-room-light-off-at-bedtime",
      "evening-tv-off",
    ]);
    expect(ids("duration")).toEqual([
      "bathroom-fan-duration",
      "bathroom-light-shower-duration",
      "coffee-maker-duration",
    ]);
    const timed = (id: string) => truth.routines.find((r) => r.id === id) as TimeBasedRoutine;
    const times = (id: string) => {
      const { weekday, weekend } = timed(id).byDayType!;
      return [
        weekday.time,
        weekday.minuteOfDay,
        weekday.toleranceMinutes,
        weekend.time,
        weekend.minuteOfDay,
        weekend.toleranceMinutes,
      ];
    };
    expect(times("bedroom-light-on-at-bedtime")).toEqual(["22:45", 1365.4, 15.2, "23:15", 1395.4, 15.2]);
    expect(times("bedroom-light-off-when-asleep")).toEqual(["23:13", 1393.4, 18.8, "23:38", 1418.4, 13.8]);
    expect(times("living-room-light-off-at-bedtime")).toEqual(["23:05", 1385, 15, "23:30", 1410, 10]);
    expect(times("evening-tv-off")).toEqual(["22:30", 1350, 20, "22:30", 1350, 20]);
    expect(timed("evening-tv-off")).toMatchObject({
      target: { entity: "media_player.living_room_tv", state: "off" },
      probability: 0.85,
    });
    expect(timed("living-room-light-off-at-bedtime")).toMatchObject({
      target: { entity: "light.living_room", state: "off" },
      probability: 0.9,
    });
    const shower = truth.routines.find((r) => r.id === "bathroom-light-shower-duration") as DurationRoutine;
    expect(shower).toMatchObject({
      target: { entity: "light.bathroom", state: "on" },
      endState: "off",
      resident: "person.sam",
    });
    expect(shower.minutes).toEqual({ mean: 16, sd: 2.31, min: 12, max: 20 });
  });

  it("takes the bedtime times and the shower from PLAN, the numbers the simulation draws from", () => {
    const truth = groundTruthOf(createSimulation());
    const timed = (id: string) => (truth.routines.find((r) => r.id === id) as TimeBasedRoutine).byDayType!;
    const mean = (r: { min: number; max: number }) => (r.min + r.max) / 2;
    const walk = mean(PLAN.walkSeconds) / 60;
    for (const d of ["weekday", "weekend"] as const) {
      const alex = PLAN.alex.bedtime[d].minute;
      const sam = PLAN.sam.bedtime[d].minute;
      expect(timed("bedroom-light-on-at-bedtime")[d].minuteOfDay).toBeCloseTo(
        Math.min(alex, sam) + walk + mean(PLAN.night.lightOnSeconds) / 60,
        1,
      );
      expect(timed("bedroom-light-off-when-asleep")[d].minuteOfDay).toBeCloseTo(
        Math.max(alex, sam) +
          walk +
          mean(PLAN.night.fallAsleepMinutes) -
          mean(PLAN.night.lightOffBeforeAsleepSeconds) / 60,
        1,
      );
      expect(timed("living-room-light-off-at-bedtime")[d].minuteOfDay).toBe(Math.max(alex, sam));
      expect(timed("evening-tv-off")[d].minuteOfDay).toBe(Math.min(PLAN.tv.off.minute, Math.max(alex, sam)));
    }
    const shower = truth.routines.find((r) => r.id === "bathroom-light-shower-duration") as DurationRoutine;
    expect([shower.minutes.min, shower.minutes.max]).toEqual([PLAN.shower.minutes.min, PLAN.shower.minutes.max]);
  });

  it("lists the on-durations that follow from two planted times under the routines that plant them", () => {
    const truth = groundTruthOf(createSimulation());
    const alsoDuration = truth.routines
      .filter((r) => r.type !== "duration" && r.alsoDetectableAs.includes("duration"))
      .map((r) => r.id);
    expect(alsoDuration).toEqual([
      "kitchen-light-weekday-morning",
      "hallway-motion-light",
      "evening-tv",
      "living-room-light-at-sunset",
      "porch-light-sunset-automation",
      "office-light-gloomy-weather",
      "garden-light-summer-evenings",
    ]);
  });

  it("names only entities the home has, in every size, and never a noise entity", () => {
    for (const size of ["small", "default", "large"] as const) {
      const home = createSimulatedHome({ size });
      const truth = groundTruthOf(createSimulation({ size }));
      const entities = new Set(home.entities.map((e) => e.entityId));
      const areas = new Set(home.areas.map((a) => a.areaId));
      const named = (r: PlantedRoutine) => [...r.entities, ...("target" in r ? [r.target.entity] : [])];
      for (const routine of truth.routines) {
        for (const entity of named(routine)) expect(entities.has(entity), `${size} ${routine.id} ${entity}`).toBe(true);
        for (const entity of named(routine)) expect(truth.noiseEntities).not.toContain(entity);
        if (routine.area) expect(areas.has(routine.area), `${routine.id} ${routine.area}`).toBe(true);
      }
      expect(truth.noiseEntities).toContain("sensor.fridge_power");
      expect(truth.noiseEntities).toContain("binary_sensor.garden_motion");
    }
  });

  it("marks the automations as automated and gives app routines Sam's user id", () => {
    const home = createSimulatedHome();
    const truth = groundTruthOf(createSimulation());
    const automated = truth.routines
      .filter((r) => r.automated)
      .map((r) => r.id)
      .sort();
    expect(automated).toEqual([
      "lights-off-when-everyone-leaves",
      "porch-light-off-2300-automation",
      "porch-light-sunset-automation",
    ]);
    const sam = home.residents.find((r) => r.person === "person.sam")!.userId;
    expect(truth.routines.filter((r) => r.userId !== null).map((r) => [r.id, r.userId])).toEqual([
      ["heating-off-when-everyone-leaves", sam],
      ["heating-on-when-someone-arrives", sam],
    ]);
  });

  it("expects the later weekend TV only outside the garden months, where a weekend evening is not spent in the garden", () => {
    const tv = groundTruthOf(createSimulation()).routines.find((r) => r.id === "evening-tv")!;
    expect(tv.months).toEqual([1, 2, 3, 4, 9, 10, 11, 12]);
    // What the simulation does: summer weekends with the TV on are the exception, weekdays keep it.
    const home = createSimulatedHome({ seed: 4, size: "small", anomalies: "none" });
    const tvDays = { summerWeekend: [0, 0], summerWeekday: [0, 0], otherWeekend: [0, 0] };
    for (const d of home.generate("2026-01-01", 365)) {
      const month = local.parts(d.start).month;
      const weekend = weekdayOf(d.day) >= 5;
      const group = PLAN.garden.months.includes(month as 5)
        ? weekend
          ? "summerWeekend"
          : "summerWeekday"
        : weekend
          ? "otherWeekend"
          : null;
      if (group === null) continue;
      tvDays[group][1] += 1;
      if (d.events.some((e) => e.entity === "media_player.living_room_tv" && e.state === "on")) tvDays[group][0] += 1;
    }
    const share = ([on, all]: number[]) => on / all;
    expect(share(tvDays.summerWeekend)).toBeLessThan(0.4);
    expect(share(tvDays.summerWeekday)).toBeGreaterThan(0.75);
    expect(share(tvDays.otherWeekend)).toBeGreaterThan(0.75);
  });

  it("puts the space heater's season in the cold months from the weather model", () => {
    const truth = groundTruthOf(createSimulation(), "2026-01-01", 1);
    const season = truth.routines.find((r) => r.id === "space-heater-winter");
    expect(season?.type).toBe("seasonal");
    if (season?.type !== "seasonal") return;
    expect(season.months).toContain(1);
    expect(season.months).not.toContain(7);
    expect(season.monthlyShare?.[7]).toBe(0);
  });
});

describe("planted anomalies", () => {
  const dayEvents = (plans: AnomalyPlan[] | "none", day: string) =>
    createSimulatedHome({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans }).generateDay(day);
  const of = (events: HomeEvent[], entity: string) => events.filter((e) => e.entity === entity);

  it("plants none in a home generated without anomalies", () => {
    const home = createSimulatedHome({ seed: 12, size: "small", eventsPerDay: 500, anomalies: "none" });
    expect(
      groundTruthOf(
        createSimulation({ seed: 12, size: "small", eventsPerDay: 500, anomalies: "none" }),
        "2026-01-01",
        365,
      ).anomalies,
    ).toEqual([]);
    for (const d of home.generate("2026-01-01", 120)) {
      expect(d.events.filter((e) => e.state === "unavailable")).toEqual([]);
      expect(of(d.events, "light.kitchen").filter((e) => local.parts(e.ts).hour < 5)).toEqual([]);
      const fanOn = of(d.events, "switch.bathroom_fan");
      for (let i = 0; i + 1 < fanOn.length; i += 2)
        expect((fanOn[i + 1].ts - fanOn[i].ts) / MIN).toBeLessThanOrEqual(18);
    }
  });

  it("plants roughly one anomaly day in twelve when left to the seed", () => {
    const truth = groundTruthOf(createSimulation({ seed: 12, size: "small" }), "2026-01-01", 365);
    expect(truth.anomalies.length).toBeGreaterThan(15);
    expect(truth.anomalies.length).toBeLessThan(50);
    expect(new Set(truth.anomalies.map((a) => a.kind)).size).toBe(6);
  });

  it("shows a night-time kitchen light on the unusual_time day, as the ground truth says", () => {
    const plans: AnomalyPlan[] = [{ day: "2026-02-10", kind: "unusual_time" }];
    const home = createSimulatedHome({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans });
    const [anomaly] = groundTruthOf(
      createSimulation({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans }),
    ).anomalies;
    const night = of(home.generateDay("2026-02-10"), "light.kitchen").filter((e) => local.parts(e.ts).hour < 5);
    expect(night.map((e) => e.state)).toEqual(["on", "off"]);
    expect(Math.abs(night[0].ts - anomaly.start)).toBeLessThan(10_000);
    expect(night[1].ts).toBe(anomaly.end);
    expect(anomaly.startTime.slice(0, 2)).toMatch(/0[23]/);
  });

  it("leaves the fan on for hours on the long_on day", () => {
    const plans: AnomalyPlan[] = [{ day: "2026-02-11", kind: "long_on" }];
    const home = createSimulatedHome({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans });
    const [anomaly] = groundTruthOf(
      createSimulation({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans }),
    ).anomalies;
    const fan = of(home.generateDay("2026-02-11"), "switch.bathroom_fan");
    expect(fan.map((e) => e.state)).toEqual(["on", "off"]);
    expect((fan[1].ts - fan[0].ts) / MIN).toBeGreaterThanOrEqual(180);
    expect([anomaly.start, anomaly.end]).toEqual([fan[0].ts, fan[1].ts]);
  });

  it("skips the wake-up light on the missed_routine day only", () => {
    const plans: AnomalyPlan[] = [{ day: "2026-02-12", kind: "missed_routine", routineId: "wake-up-bedroom-light" }];
    const wakeOn = (events: HomeEvent[]) =>
      of(events, "light.bedroom").filter((e) => e.state === "on" && local.parts(e.ts).hour < 12);
    expect(wakeOn(dayEvents(plans, "2026-02-12"))).toEqual([]);
    expect(wakeOn(dayEvents("none", "2026-02-12")).length).toBe(1);
    expect(wakeOn(dayEvents(plans, "2026-02-13")).length).toBe(1);
  });

  it("reports the device unavailable for the planted hours, then its real state again", () => {
    const plans: AnomalyPlan[] = [{ day: "2026-02-14", kind: "unavailable", entity: "binary_sensor.kitchen_motion" }];
    const home = createSimulatedHome({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans });
    const [anomaly] = groundTruthOf(
      createSimulation({ seed: 12, size: "small", eventsPerDay: 500, anomalies: plans }),
    ).anomalies;
    const kitchen = of(home.generateDay("2026-02-14"), "binary_sensor.kitchen_motion");
    const down = kitchen.findIndex((e) => e.state === "unavailable");
    expect(kitchen[down].ts).toBe(anomaly.start);
    expect(kitchen[down + 1].ts).toBe(anomaly.end);
    expect(kitchen[down + 1].previous).toBe("unavailable");
    expect(kitchen.filter((e) => e.ts > anomaly.start && e.ts < anomaly.end)).toEqual([]);
  });

  it("makes the party evening busy and the day-trip day quiet", () => {
    const motion = (events: HomeEvent[]) =>
      events.filter((e) => e.entity.endsWith("_motion") && e.entity !== "binary_sensor.garden_motion").length;
    const normal = motion(dayEvents("none", "2026-02-18"));
    expect(motion(dayEvents([{ day: "2026-02-18", kind: "activity_high" }], "2026-02-18"))).toBeGreaterThan(2 * normal);
    expect(motion(dayEvents([{ day: "2026-02-18", kind: "activity_low" }], "2026-02-18"))).toBeLessThan(0.6 * normal);
  });

  it("refuses a missed_routine for a routine it cannot suppress", () => {
    expect(() =>
      createSimulatedHome({ anomalies: [{ day: "2026-02-12", kind: "missed_routine", routineId: "no-such-routine" }] }),
    ).toThrow(/missed_routine "no-such-routine" must be one of/);
  });
});
