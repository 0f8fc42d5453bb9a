// The optional engines' client libraries stay unloaded until their engine is switched on and used.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const child = (arg: string) =>
  execFileSync(
    process.execPath,
    [
      path.resolve("node_modules/vite-node/vite-node.mjs"),
      path.resolve("test/publish/lazy-engine-clients-child.ts"),
      arg,
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .at(-1);

it("starting the service loads none of ioredis, neo4j-driver and the InfluxDB client", () => {
  expect(child("start")).toBe("[]");
}, 60_000);

it("the first InfluxDB point loads its client (the check above can see a loaded client)", () => {
  expect(child("use")).toBe('["@influxdata/influxdb-client"]');
}, 60_000);
