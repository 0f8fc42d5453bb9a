// `?entity=` naming no entity of the home (its name typed instead of its id, a typo) is a 400 that
// says which id was meant, not an empty list that reads as "no habit of that entity".
import { describe, expect, it } from "vitest";
import { entityHabit } from "../support/sample-findings.js";
import { filterRoutesApp } from "./filter-routes-app.js";

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
/** The registry's entities; sensor.mqtt_only has stored events but is in no registry. */
const REGISTRY = [
  { entityId: "light.bedroom", name: "Bedroom light" },
  { entityId: "light.kitchen", name: "Kitchen light" },
  { entityId: "switch.fan", name: null },
];
const WITH_EVENTS = ["light.bedroom", "sensor.mqtt_only"];

const entities = {
  has: (id: string) => REGISTRY.some((e) => e.entityId === id) || WITH_EVENTS.includes(id),
  named: () => REGISTRY,
};

function setup() {
  const { catalog, get } = filterRoutesApp(T0, { entities });
  // light.old left the registry and has no events any more; its pattern stays.
  catalog.applyRun(new Map([["time_based", [entityHabit("light.bedroom", null), entityHabit("light.old", null)]]]));
  return { get };
}

describe("an entity filter that names no entity", () => {
  it("is refused with the id of the entity whose name was typed", async () => {
    const { get } = setup();
    for (const route of ["patterns", "anomalies"]) {
      expect(await get(`/api/${route}?entity=bedroom%20LIGHT`), route).toEqual({
        status: 400,
        body: {
          error: 'no entity with id "bedroom LIGHT": did you mean entity=light.bedroom (Bedroom light)?',
          parameter: "entity",
        },
      });
    }
  });

  it("is refused with where to find the ids when nothing is meant", async () => {
    const { get } = setup();
    for (const route of ["patterns", "anomalies"]) {
      expect(await get(`/api/${route}?entity=nonsense`), route).toEqual({
        status: 400,
        body: {
          error:
            'no entity with id "nonsense": GET /api/entities lists the home\'s entities (e.g. entity=light.bedroom)',
          parameter: "entity",
        },
      });
    }
  });

  it("answers an empty list for a known entity without patterns or anomalies", async () => {
    const { get } = setup();
    for (const id of ["light.kitchen", "switch.fan", "sensor.mqtt_only"]) {
      expect(await get(`/api/patterns?entity=${id}`), id).toEqual({ status: 200, body: { total: 0, patterns: [] } });
      expect(await get(`/api/anomalies?entity=${id}`), id).toEqual({ status: 200, body: { anomalies: [] } });
    }
  });

  it("still finds what is stored of an entity the home no longer knows", async () => {
    const { get } = setup();
    const r = await get("/api/patterns?entity=light.old");
    expect(r.status).toBe(200);
    expect((r.body.patterns as { entities: string[] }[]).map((p) => p.entities)).toEqual([["light.old"]]);
  });
});
