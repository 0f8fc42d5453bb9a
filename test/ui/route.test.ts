import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "../../ui/src/route.js";

describe("panel routes in the URL hash", () => {
  it("reads the view and its filters", () => {
    expect(parseRoute("#/patterns?type=time_based&area=kitchen")).toEqual({
      view: "patterns",
      params: { type: "time_based", area: "kitchen" },
    });
    expect(parseRoute("#/entity?id=light.kitchen&hours=72")).toEqual({
      view: "entity",
      params: { id: "light.kitchen", hours: "72" },
    });
  });

  it("falls back to the overview for an empty or unknown hash, and drops empty filters", () => {
    expect(parseRoute("")).toEqual({ view: "overview", params: {} });
    expect(parseRoute("#/nowhere?x=1")).toEqual({ view: "overview", params: { x: "1" } });
    expect(parseRoute("#/anomalies?status=&kind=unavailable")).toEqual({
      view: "anomalies",
      params: { kind: "unavailable" },
    });
  });

  it("reads a view typed by its tab's title or the other number of its name, and writes the view's own name", () => {
    expect(parseRoute("#/entities")).toEqual({ view: "entity", params: {} });
    expect(parseRoute("#/Entities?q=kitchen")).toEqual({ view: "entity", params: { q: "kitchen" } });
    expect(parseRoute("#/pattern?type=time_based")).toEqual({ view: "patterns", params: { type: "time_based" } });
    expect(parseRoute("#/room")).toEqual({ view: "rooms", params: {} });
    expect(parseRoute("#/anomaly")).toEqual({ view: "anomalies", params: {} });
    expect(parseRoute("#/Storage")).toEqual({ view: "storage", params: {} });
    expect(routeHash("entity", { q: "kitchen" })).toBe("#/entity?q=kitchen");
  });

  it("writes a hash that reads back the same, SQL included", () => {
    const sql = "SELECT entity, count(*) AS n FROM events WHERE state = 'on' GROUP BY 1";
    const hash = routeHash("analytics", { sql });
    expect(hash).toBe(
      "#/analytics?sql=SELECT+entity%2C+count%28*%29+AS+n+FROM+events+WHERE+state+%3D+%27on%27+GROUP+BY+1",
    );
    expect(parseRoute(hash)).toEqual({ view: "analytics", params: { sql } });
    expect(routeHash("patterns", { type: "", area: "kitchen" })).toBe("#/patterns?area=kitchen");
    expect(routeHash("overview")).toBe("#/overview");
  });
});
