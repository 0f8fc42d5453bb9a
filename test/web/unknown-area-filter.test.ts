// `?area=` naming no area of the home (its name typed instead of its id, a typo) is a 400 that says
// which id was meant, not an empty list that reads as "nothing in that room".
import { describe, expect, it } from "vitest";
import { UNKNOWN_ACTOR } from "../../src/storage/audit-log.js";
import { entityHabit } from "../support/sample-findings.js";
import { filterRoutesApp } from "./filter-routes-app.js";

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const AREAS = [
  { areaId: "living_room", name: "Living room" },
  { areaId: "kitchen", name: "Kitchen" },
];

function setup() {
  const { catalog, anomalies, get } = filterRoutesApp(T0, { areas: () => AREAS });
  // The old garage area is no longer in the registry; its pattern and dismissed anomaly stay.
  catalog.applyRun(
    new Map([["time_based", [entityHabit("light.kitchen", "kitchen"), entityHabit("light.garage", "garage")]]]),
  );
  const old = anomalies.raise({
    key: "a1",
    kind: "unusual_time",
    entity: "light.garage",
    area: "garage",
    ts: T0 - 3_600_000,
    severity: "medium",
    summary: "light.garage turned on at 03:10",
    expected: "usually on between 18:00 and 23:00",
    details: {},
  })!.anomaly;
  anomalies.dismiss(old.id, UNKNOWN_ACTOR);
  return { get };
}

describe("an area filter that names no area", () => {
  it("is refused with the id of the area whose name was typed", async () => {
    const { get } = setup();
    for (const route of ["patterns", "anomalies"]) {
      const r = await get(`/api/${route}?area=Living%20room`);
      expect(r.status, route).toBe(400);
      expect(r.body.error).toBe('no area with id "Living room": did you mean area=living_room (Living room)?');
      expect(r.body.parameter).toBe("area");
    }
  });

  it("is refused with where the ids are listed when it is no name either", async () => {
    const { get } = setup();
    const r = await get("/api/patterns?area=cellar");
    expect(r.status).toBe(400);
    expect(r.body.error).toBe(
      'no area with id "cellar": GET /api/areas lists the home\'s areas (e.g. area=living_room)',
    );
  });

  it("answers an area of the home with nothing in it, and one only stored patterns and anomalies name", async () => {
    const { get } = setup();
    expect(await get("/api/patterns?area=living_room")).toEqual({ status: 200, body: { total: 0, patterns: [] } });
    expect(await get("/api/anomalies?area=living_room")).toEqual({ status: 200, body: { anomalies: [] } });
    const garage = await get("/api/patterns?area=garage");
    expect(garage.body.total).toBe(1);
    // Its only anomaly is dismissed: the open ones are none, and that is no error.
    expect(await get("/api/anomalies?area=garage")).toEqual({ status: 200, body: { anomalies: [] } });
    expect(await get("/api/patterns?area=kitchen&type=sequence")).toEqual({
      status: 200,
      body: { total: 0, patterns: [] },
    });
  });
});
