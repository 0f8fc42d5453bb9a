// config.yaml, translations/en.yaml and DOCS.md say exactly what src/config/option-schema.ts says.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultOptions, OPTION_SCHEMA, supervisorSchema } from "../../src/config/option-schema.js";
import { validateOptions } from "../../src/config/validate-options.js";

const root = path.resolve(import.meta.dirname, "../..");
const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
const config = parse(read("config.yaml")) as { options: Record<string, unknown>; schema: Record<string, unknown> };

describe("option schema drift", () => {
  it("config.yaml options are the defaults of the option table", () => {
    expect(config.options).toEqual(defaultOptions());
    expect(Object.keys(config.options)).toEqual(Object.keys(defaultOptions()));
  });

  it("config.yaml schema is the option table in the Supervisor's language", () => {
    expect(config.schema).toEqual(supervisorSchema());
    expect(Object.keys(config.schema)).toEqual(Object.keys(OPTION_SCHEMA));
  });

  it("the defaults the Supervisor writes to options.json pass our own validation", () => {
    expect(validateOptions(config.options).problems).toEqual([]);
  });

  it("spot checks: a select, a list of selects, an optional password and a float range", () => {
    expect(config.schema.log_level).toBe("list(debug|info|warning|error)");
    expect(config.schema.detectors).toEqual([
      "list(time_based|co_occurrence|sequence|room_based|duration|anomaly|session|day_type|contextual|seasonal|automation_quiet)",
    ]);
    expect(config.schema.neo4j_password).toBe("password?");
    expect(config.schema.min_confidence).toBe("float(0,1)");
    expect(config.options).not.toHaveProperty("neo4j_password");
    expect(config.options.min_confidence).toBe(0.6);
  });

  it("translations/en.yaml names and describes every option, and nothing else", () => {
    const translations = parse(read("translations/en.yaml")) as {
      configuration: Record<string, { name?: string; description?: string }>;
    };
    expect(Object.keys(translations)).toEqual(["configuration"]);
    expect(Object.keys(translations.configuration)).toEqual(Object.keys(OPTION_SCHEMA));
    for (const [key, spec] of Object.entries(OPTION_SCHEMA)) {
      expect(translations.configuration[key], key).toEqual({ name: spec.name, description: spec.description });
    }
  });

  it("DOCS.md documents every option with its description, in the generated section", () => {
    const docs = read("DOCS.md");
    const section = docs.slice(docs.indexOf("<!-- options:start"), docs.indexOf("<!-- options:end -->"));
    const documented = [...section.matchAll(/^### `([a-z0-9_]+)`/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(OPTION_SCHEMA));
    for (const spec of Object.values(OPTION_SCHEMA)) expect(section).toContain(spec.description);
    expect(section).toContain("Type: a whole number from 1 to 60. Default: `7`.");
    expect(section).toContain("Type: a URL; optional. Default: no default (leave empty to turn it off).");
  });

  it("the generator finds nothing to change (formatting included)", () => {
    const out = execFileSync(process.execPath, ["scripts/generate-addon-files.mjs", "--check"], { cwd: root });
    expect(out.toString()).toContain("add-on files are up to date");
  });
});
