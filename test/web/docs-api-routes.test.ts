// DOCS.md's API table and the route declarations (API_ROUTES) agree: the same routes, each with the same query parameters.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptedParams, routeName } from "../../src/web/api-route.js";
import { API_ROUTES } from "../../src/web/api-routes.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const docs = readFileSync(path.join(ROOT, "DOCS.md"), "utf8");
const section = docs.slice(docs.indexOf("## API"), docs.indexOf("\n## ", docs.indexOf("## API") + 1));

/** "GET /api/patterns/<id>" for the declaration of GET /patterns/:id. */
function documentedName(route: (typeof API_ROUTES)[number]): string {
  return routeName(route).replace(":patternId", "<pattern id>").replace(":id", "<id>");
}

/** Each table row's route and the parameter names in its second cell. */
function tableRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of section.split("\n").filter((l) => l.startsWith("| `"))) {
    const [route, params] = line.split(" | ");
    const name = /^\| `([^`]+)`$/.exec(route.trim())?.[1];
    if (!name) throw new Error(`a row of DOCS.md's API table names no route: ${line}`);
    if (rows.has(name)) throw new Error(`DOCS.md's API table lists ${name} twice`);
    rows.set(
      name,
      [...params.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    );
  }
  return rows;
}

/** The text of the bullet "- `GET /api/patterns`: …", its lines joined. */
function valuesBullet(name: string): string | undefined {
  const start = section.indexOf(`\n- \`${name}\`: `);
  if (start < 0) return undefined;
  const end = section.slice(start + 1).search(/\n(- |\n)/);
  return section
    .slice(start + 1, end < 0 ? undefined : start + 1 + end)
    .replace(/\s+/g, " ")
    .trim();
}

describe("DOCS.md's API table", () => {
  it("lists exactly the declared routes, one per row", () => {
    const documented = [...tableRows().keys()].sort();
    expect(API_ROUTES.length).toBeGreaterThan(30);
    expect(documented).toEqual(API_ROUTES.map(documentedName).sort());
  });

  it("names each route's query parameters as its declaration does", () => {
    const rows = tableRows();
    for (const route of API_ROUTES) {
      expect(rows.get(documentedName(route)), routeName(route)).toEqual(acceptedParams(route));
    }
  });

  it("says what each parameter takes, as its declaration does", () => {
    for (const route of API_ROUTES.filter((r) => acceptedParams(r).length > 0)) {
      const expected = Object.entries(route.query)
        .map(([name, param]) => `\`${name}\` ${param.expects}`)
        .join("; ");
      expect(valuesBullet(documentedName(route)), routeName(route)).toBe(
        `- \`${documentedName(route)}\`: ${expected}.`,
      );
    }
  });
});
