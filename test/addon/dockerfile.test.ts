// The Dockerfile read line by line: every path it uses exists and fits the service (scripts/check-image.sh builds and runs it).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOOPBACK_PATHS } from "../../src/web/ingress-guard.js";

const root = path.resolve(import.meta.dirname, "../..");
const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
// Joins continuation lines so each instruction is one line.
const instructions = read("Dockerfile")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim().replace(/\s+/g, " "))
  .filter((l) => l && !l.startsWith("#"));
const ignored = read(".dockerignore")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const pkg = JSON.parse(read("package.json")) as { bin: Record<string, string> };

describe("Dockerfile", () => {
  it("has a build stage and a runtime stage on Home Assistant's Debian base image", () => {
    expect(instructions[0]).toBe("ARG BUILD_FROM=ghcr.io/home-assistant/base-debian:trixie");
    expect(instructions.filter((l) => l.startsWith("FROM "))).toEqual([
      "FROM ${BUILD_FROM} AS build",
      "FROM ${BUILD_FROM}",
    ]);
  });

  it("copies only files that exist and that .dockerignore lets into the build context", () => {
    const copies = instructions.filter((l) => l.startsWith("COPY ") && !l.includes("--from="));
    const sources = copies.flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources).toEqual([
      "package.json",
      "package-lock.json",
      ".",
      "addon/run.sh",
      "addon/cli.sh",
      "addon/backup-pre.sh",
      "addon/backup-post.sh",
    ]);
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      expect(
        ignored.some((pattern) => pattern === source || source.startsWith(`${pattern}/`)),
        source,
      ).toBe(false);
    }
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", ".git", "data"]));
  });

  it("ships only the built service, the panel, migrations, dependencies and package.json", () => {
    const fromBuild = instructions.filter((l) => l.startsWith("COPY --from=build")).map((l) => l.split(/\s+/)[2]);
    expect(fromBuild).toEqual([
      "/app/package.json",
      "/app/node_modules",
      "/app/dist",
      "/app/ui/dist",
      "/app/migrations",
    ]);
    expect(existsSync(path.join(root, "migrations"))).toBe(true);
  });

  it("starts through tini and a run script that execs the package's entry point", () => {
    expect(instructions).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(instructions).toContain('CMD ["/usr/local/bin/home-patterns-run"]');
    expect(read("addon/run.sh")).toContain(
      `exec node --max-semi-space-size=1 --max-old-space-size=192 /app/${pkg.bin["home-patterns"]} run "$@"`,
    );
    expect(read("addon/cli.sh")).toContain(
      `exec node --max-semi-space-size=1 --max-old-space-size=192 /app/${pkg.bin["home-patterns"]} "$@"`,
    );
    expect(instructions).toContain(
      "RUN npm run build && npm prune --omit=dev --no-audit --no-fund && sh addon/ensure-native-modules.sh",
    );
    expect(existsSync(path.join(root, "addon/ensure-native-modules.sh"))).toBe(true);
    const apt = instructions.filter((l) => l.startsWith("RUN apt-get update"));
    expect(apt[0]).toContain("apt-get install -y --no-install-recommends nodejs npm libnode-dev python3 make g++");
    expect(apt[1]).toBe(
      "RUN apt-get update && apt-get install -y --no-install-recommends nodejs tini && apt-get clean && rm -rf /var/lib/apt/lists/*",
    );
  });

  it("checks health on a path the ingress guard lets the container reach", () => {
    const health = instructions.find((l) => l.startsWith("HEALTHCHECK"));
    expect(health).toContain('curl -fsS "http://127.0.0.1:${PORT:-8099}/api/health"');
    expect([...LOOPBACK_PATHS]).toEqual(["/api/health", "/api/maintenance/checkpoint", "/api/maintenance/resume"]);
  });

  it("labels the image as a Home Assistant app of this version and architecture", () => {
    const labels = instructions.find((l) => l.startsWith("LABEL"));
    for (const label of [
      'io.hass.type="app"',
      'io.hass.version="${BUILD_VERSION}"',
      'io.hass.arch="${BUILD_ARCH}"',
      'io.hass.name="Home Patterns"',
    ]) {
      expect(labels).toContain(label);
    }
    expect(instructions).toContain("ENV NODE_ENV=production DATA_DIR=/data");
  });
});
