// DOCS.md's "The panel" names the views the panel really has.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VIEWS } from "../../ui/src/route.js";

const docs = readFileSync(path.resolve(import.meta.dirname, "../../DOCS.md"), "utf8");
const section = docs.slice(docs.indexOf("## The panel"), docs.indexOf("\n## ", docs.indexOf("## The panel") + 1));
const TITLE: Record<(typeof VIEWS)[number], string> = {
  overview: "Overview",
  patterns: "Patterns",
  entity: "Entities",
  rooms: "Rooms",
  anomalies: "Anomalies",
  storage: "Storage",
  analytics: "Analytics",
};

describe("DOCS.md on the panel", () => {
  it("names every view", () => {
    for (const view of VIEWS) expect(section, view).toContain(`**${TITLE[view]}**`);
  });
});
