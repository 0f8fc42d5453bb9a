// DOCS.md's API table names every route the routes register, with its method.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const docs = readFileSync(path.join(ROOT, "DOCS.md"), "utf8");
const table = docs.slice(docs.indexOf("## API"), docs.indexOf("\n## ", docs.indexOf("## API") + 1));

/** "GET /api/patterns/<id>" for each api.get("/patterns/:id", …) in src/web/routes. */
function registeredRoutes(): string[] {
  const dir = path.join(ROOT, "src/web/routes");
  const routes: string[] = [];
  for (const file of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const m of text.matchAll(/api\.(get|post)\("([^"]+)"/g)) {
      routes.push(`${m[1].toUpperCase()} /api${m[2].replace(/:patternId/, "<pattern id>").replace(/:id/, "<id>")}`);
    }
  }
  return routes;
}

/** The table's routes, with "…/dismiss" expanded after the route before it on the same row. */
function documentedRoutes(): Set<string> {
  const found = new Set<string>();
  for (const line of table.split("\n").filter((l) => l.startsWith("| `"))) {
    const cell = line.split(" | ")[0];
    let base = "";
    for (const m of cell.matchAll(/`(GET|POST)? ?([^`]+)`/g)) {
      let [method, route] = [m[1], m[2]];
      if (route.startsWith("…")) {
        route = base + route.slice(1);
        method = method ?? "POST";
      } else base = route.replace(/\/[a-z]+$/, "");
      found.add(`${method} ${route}`);
    }
  }
  return found;
}

describe("DOCS.md's API table", () => {
  it("documents every route, with its method", () => {
    const documented = documentedRoutes();
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect([...documented], route).toContain(route);
  });
});
