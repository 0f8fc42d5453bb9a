// The docker compose and systemd examples point at what the project really builds and promise what the service does.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");

describe("docker compose example", () => {
  const compose = parse(read("addon/docker-compose.yml")) as {
    services: Record<
      string,
      {
        build: { context: string; dockerfile: string };
        environment: Record<string, string>;
        env_file: string;
        volumes: string[];
        stop_grace_period: string;
      }
    >;
  };
  const service = compose.services["home-patterns"];

  it("builds the add-on's own Dockerfile from the repository root", () => {
    const context = path.resolve(root, "addon", service.build.context);
    expect(context).toBe(root);
    expect(existsSync(path.join(context, service.build.dockerfile))).toBe(true);
  });

  it("listens on the network only with an API token, and keeps data in a volume at DATA_DIR", () => {
    expect(service.environment.HOST).toBe("0.0.0.0");
    const env = read(`addon/${service.env_file.replace(/^\.env$/, "home-patterns.env.example")}`);
    expect(env).toMatch(/^API_TOKEN=$/m);
    expect(env).toMatch(/^HA_URL=/m);
    expect(env).toMatch(/^HA_TOKEN=$/m);
    expect(service.volumes).toContain(`home-patterns-data:${service.environment.DATA_DIR}`);
  });

  it("gives the service as long to stop as the add-on gets", () => {
    const config = parse(read("config.yaml")) as { timeout: number };
    expect(service.stop_grace_period).toBe(`${config.timeout}s`);
  });
});

describe("systemd unit", () => {
  const unit = read("addon/home-patterns.service");
  const value = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]);

  it("runs the built entry point the package declares", () => {
    const pkg = JSON.parse(read("package.json")) as { bin: Record<string, string> };
    expect(value("ExecStart")).toEqual([
      `/usr/bin/node --max-semi-space-size=1 --max-old-space-size=192 /opt/home-patterns/${pkg.bin["home-patterns"]} run`,
    ]);
  });

  it("keeps data in its state directory and stops within the add-on's timeout", () => {
    expect(value("StateDirectory")).toEqual(["home-patterns"]);
    expect(value("Environment")).toContain("DATA_DIR=/var/lib/home-patterns");
    expect(value("TimeoutStopSec")).toEqual(["30"]);
    expect(value("RestartPreventExitStatus")).toEqual(["2"]);
  });
});
