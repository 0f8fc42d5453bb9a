// The morning chain: the rooms gone through in order after the night, minutes apart, at a usual time.
import { describe, expect, it } from "vitest";
import { inOrder } from "../../src/detectors/morning-chain.js";
import { SequenceDetector } from "../../src/detectors/sequence-detector.js";
import { detectorInput, everyDay, plus } from "./support/detector-fixture.js";

const ENTITIES = [
  { entityId: "binary_sensor.bedroom_motion", areaId: "bedroom" },
  { entityId: "binary_sensor.bathroom_motion", areaId: "bathroom" },
  { entityId: "binary_sensor.kitchen_motion", areaId: "kitchen" },
  { entityId: "binary_sensor.living_room_motion", areaId: "living_room" },
];

const JITTER = [0, -3, 4, 2, -5, 1, 3, -2, 0, 5, -4, 2, 1, -1, 3, 0, -2, 4, 1, -3, 2, 0, -1, 3, -4, 1, 0, 2];

const motion = (at: (t: string, e: string, s: string) => unknown, t: string, room: string) => [
  at(t, `binary_sensor.${room}_motion`, "on"),
  at(plus(t, 1), `binary_sensor.${room}_motion`, "off"),
];

// Up at 06:50, then the bathroom, breakfast 20 minutes later, the living room after; on Sundays
// the living room and breakfast come before washing. Evenings in the living room, to bed at 23:00.
const home = everyDay(({ index, weekday, at }) => {
  const up = plus("06:50", 2 * JITTER[index]);
  const rooms =
    weekday === 6
      ? ["bedroom", "living_room", "kitchen", "bathroom"]
      : ["bedroom", "bathroom", "kitchen", "living_room"];
  const gaps = [0, 5, 25, 50];
  return [
    ...rooms.flatMap((room, k) => motion(at, plus(up, gaps[k]), room)),
    ...motion(at, "19:00", "living_room"),
    ...motion(at, "22:55", "bedroom"),
  ] as ReturnType<typeof at>[];
});

describe("the morning chain", () => {
  const findings = new SequenceDetector()
    .detect(detectorInput(home, ENTITIES, ["bedroom", "bathroom", "kitchen", "living_room"]))
    .filter((f) => "kind" in f.params && f.params.kind === "morning");

  it("tells the rooms of getting up in their order, at its time, on the days it holds", () => {
    expect(findings.map((f) => f.summary)).toEqual([
      "Mornings go Bedroom → Bathroom → Kitchen → Living room, starting around 06:50 ± 5 min, on 24 of 28 days at home",
    ]);
    expect(findings[0]).toMatchObject({
      type: "sequence",
      entities: [
        "binary_sensor.bedroom_motion",
        "binary_sensor.bathroom_motion",
        "binary_sensor.kitchen_motion",
        "binary_sensor.living_room_motion",
      ],
      support: 24,
      opportunities: 28,
    });
  });

  it("reads a chain in order with other rooms between", () => {
    expect(inOrder(["bedroom", "hall", "bathroom", "kitchen"], ["bedroom", "bathroom", "kitchen"])).toBe(true);
    expect(inOrder(["bedroom", "kitchen", "bathroom"], ["bedroom", "bathroom", "kitchen"])).toBe(false);
  });
});
