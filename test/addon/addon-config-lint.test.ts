// config.yaml passes the add-on linter (its JSON schema and its extra rules) and the Supervisor's checks.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { linterErrors, linterWarnings, supervisorErrors } from "./addon-lint-rules.js";
import { type JsonSchema, validateDraft07 } from "./draft07-validator.js";

const root = path.resolve(import.meta.dirname, "../..");
const linterSchema = JSON.parse(
  readFileSync(path.join(root, "test/fixtures/addon-linter/addon-config.schema.json"), "utf8"),
) as JsonSchema;
const config = parse(readFileSync(path.join(root, "config.yaml"), "utf8")) as Record<string, unknown>;

describe("config.yaml against the add-on linter", () => {
  it("is valid against the linter's JSON schema", () => {
    expect(validateDraft07(linterSchema, config)).toEqual([]);
  });

  it("has no key set to its default, no watchdog, no webui with ingress, and no warnings", () => {
    expect(linterErrors(config, linterSchema)).toEqual([]);
    expect(linterWarnings(config)).toEqual([]);
  });

  it("would be rejected with an unknown key, a bad service or a deprecated arch", () => {
    const broken = { ...config, ingres: true, services: ["mqtt:maybe"], arch: ["amd64", "armv7"] };
    expect(validateDraft07(linterSchema, broken)).toEqual([
      '$.services[0]: "mqtt:maybe" does not match ^(?P<service>mqtt|mysql):(?P<rights>provide|want|need)$',
      "$: property ingres is not allowed",
    ]);
    expect(linterWarnings(broken)).toEqual(["architecture armv7 is deprecated"]);
  });

  it("flags the linter's extra rules", () => {
    const broken = {
      ...config,
      init: true,
      panel_admin: true,
      watchdog: "http://[HOST]:[PORT:8099]/",
      webui: "http://[HOST]:[PORT:8099]/",
    };
    expect(linterErrors(broken, linterSchema)).toEqual([
      "'init' should be removed, it uses a default value",
      "'panel_admin' should be removed, it uses a default value",
      "'watchdog' is obsolete, use a Docker HEALTHCHECK",
      "'webui' should be removed, ingress is used",
    ]);
  });
});

describe("config.yaml for the Supervisor", () => {
  it("passes the Supervisor's own rules", () => {
    expect(supervisorErrors(config)).toEqual([]);
  });

  it("names the add-on, its version and how it runs", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    expect(config).toMatchObject({
      name: "Home Patterns",
      version: pkg.version,
      slug: "home_patterns",
      arch: ["aarch64", "amd64"],
      init: false,
      ingress: true,
      panel_title: "Patterns",
      homeassistant_api: true,
      services: ["mqtt:want"],
      timeout: 30,
    });
    expect(config).not.toHaveProperty("ports");
    expect(config).not.toHaveProperty("hassio_api");
  });

  it("runs backup scripts that exist in the image and call the checkpoint endpoints", () => {
    const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
    for (const [key, script, endpoint] of [
      ["backup_pre", "addon/backup-pre.sh", "/api/maintenance/checkpoint"],
      ["backup_post", "addon/backup-post.sh", "/api/maintenance/resume"],
    ]) {
      const target = config[key] as string;
      expect(dockerfile).toContain(`COPY ${script} ${target}\n`);
      const text = readFileSync(path.join(root, script), "utf8");
      expect(text).toContain("http://127.0.0.1:8099}");
      expect(text).toContain(endpoint);
    }
    expect(config.backup_exclude).toEqual(["*-shm", "tmp/*", "cache/*", "service.pid", "service.pid.*"]);
  });

  it("changelog has an entry for this version", () => {
    const changelog = readFileSync(path.join(root, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain(`## [${config.version}]`);
  });
});

describe("repository files the Supervisor scans", () => {
  const files = repositoryFiles();

  it("has exactly one add-on config (./config.yaml) and no build.* file", () => {
    // The Supervisor globs **/config.* (skipping dot folders and rootfs) and **/build.*, and reads
    // every match as add-on metadata: a stray fixture would become a broken add-on in the store.
    const configs = files.filter((f) => {
      const base = path.posix.basename(f);
      const hidden = f.split("/").some((part) => part.startsWith(".") || part === "rootfs");
      return !hidden && base.startsWith("config.") && /\.(json|ya?ml)$/.test(base);
    });
    expect(configs).toEqual(["config.yaml"]);
    expect(files.filter((f) => path.posix.basename(f).startsWith("build."))).toEqual([]);
  });

  it("has repository.yaml with a name", () => {
    const repo = parse(readFileSync(path.join(root, "repository.yaml"), "utf8")) as Record<string, unknown>;
    expect(repo.name).toBe("Home Patterns");
    expect(Object.keys(repo).sort()).toEqual(["maintainer", "name", "url"]);
  });
});

/** Files that would be committed: tracked plus untracked-but-not-ignored; a walk when git is absent. */
function repositoryFiles(): string[] {
  if (existsSync(path.join(root, ".git"))) {
    const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root });
    return out
      .toString("utf8")
      .split("\0")
      .filter((f) => f && existsSync(path.join(root, f)));
  }
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(root, dir))) {
      const rel = dir ? `${dir}/${name}` : name;
      if (["node_modules", "dist", "data"].includes(name)) continue;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else found.push(rel);
    }
  };
  walk("");
  return found;
}
