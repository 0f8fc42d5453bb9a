// The evaluator's view of the anomalies the simulation planted: entities, window and what was expected instead.
import type { LocalTime } from "../../../src/core/local-time.js";
import type { DayAnomaly, RealizedAnomaly } from "../../../src/sources/simulator/day-context.js";
import { formatMinute, PLAN } from "../../../src/sources/simulator/routine-catalog.js";
import type { PlantedAnomaly } from "./ground-truth.js";

/** The evaluator's view of an anomaly as it happened. */
export function describeAnomaly(local: LocalTime, day: string, realized: RealizedAnomaly): PlantedAnomaly {
  const { anomaly, start, end } = realized;
  const base = {
    id: `${day}:${anomaly.kind}`,
    kind: anomaly.kind,
    day,
    start,
    end,
    startTime: formatMinute(local.parts(start).minuteOfDay),
    endTime: formatMinute(local.parts(end).minuteOfDay),
  };
  return { ...base, ...explain(anomaly, base.startTime, base.endTime) };
}

function explain(
  anomaly: DayAnomaly,
  from: string,
  to: string,
): Pick<PlantedAnomaly, "entities" | "expected" | "description" | "routineId"> {
  const fan = PLAN.bathroomFan;
  switch (anomaly.kind) {
    case "unusual_time":
      return {
        entities: ["light.kitchen", "binary_sensor.kitchen_motion"],
        expected: "light.kitchen only goes on around 06:55 on weekdays",
        description: "kitchen light on in the middle of the night",
      };
    case "long_on":
      return {
        entities: ["switch.bathroom_fan"],
        expected: `bathroom fan on for ${fan.meanMinutes} ± ${fan.toleranceMinutes} min`,
        description: "bathroom fan left on for hours",
      };
    case "missed_routine":
      return {
        entities: [],
        routineId: anomaly.routineId,
        expected: `routine ${anomaly.routineId} between ${from} and ${to}`,
        description: `routine ${anomaly.routineId} did not happen`,
      };
    case "activity_high":
      return {
        entities: ["binary_sensor.living_room_motion", "binary_sensor.kitchen_motion", "binary_sensor.hallway_motion"],
        expected: "a quiet evening with a few motion events an hour",
        description: "a party: motion everywhere on the ground floor all evening",
      };
    case "activity_low":
      return {
        entities: ["person.alex", "person.sam"],
        expected: "residents home for much of the day",
        description: "everyone away on a day trip: almost no activity",
      };
    case "unavailable":
      return {
        entities: [anomaly.entity ?? ""],
        expected: `${anomaly.entity} reports normally`,
        description: `${anomaly.entity} unavailable for hours`,
      };
  }
}
