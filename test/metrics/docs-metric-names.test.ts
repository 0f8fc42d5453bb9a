// DOCS.md's metrics paragraph names every series the service exports.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("DOCS.md's metric names", () => {
  it("names every home_patterns_ series in src/metrics", () => {
    const docs = readFileSync(path.join(ROOT, "DOCS.md"), "utf8");
    const section = docs.slice(
      docs.indexOf("## Metrics and self-watching"),
      docs.indexOf("Home Patterns watches itself"),
    );
    const dir = path.join(ROOT, "src/metrics");
    const names = new Set(
      readdirSync(dir).flatMap((f) =>
        [...readFileSync(path.join(dir, f), "utf8").matchAll(/"home_patterns_([a-z_]+)"/g)].map((m) => m[1]),
      ),
    );
    expect(names.size).toBeGreaterThan(15);
    for (const name of names) expect(section, name).toMatch(new RegExp(`\`${name}[{\`]`));
  });
});
