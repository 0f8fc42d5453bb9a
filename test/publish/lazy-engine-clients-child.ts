// Child of lazy-engine-clients.test.ts: loads the whole service module graph, then prints which engine clients Node loaded.
import { createRequire } from "node:module";

await import("../../src/app.js");
const loaded = Object.keys(createRequire(import.meta.url).cache);
const clients = ["ioredis", "neo4j-driver", "@influxdata/influxdb-client"];
const found = clients.filter((c) => loaded.some((file) => file.includes(`/node_modules/${c}/`)));
if (process.argv[2] === "use") {
  // The same check is able to see a client: one line of protocol loads the InfluxDB client.
  const { toLineProtocol } = await import("../../src/publish/influxdb/influx-connection.js");
  toLineProtocol({ measurement: "m", tags: {}, fields: { v: 1 }, ts: 0 });
  const after = Object.keys(createRequire(import.meta.url).cache);
  process.stdout.write(
    `${JSON.stringify(clients.filter((c) => after.some((file) => file.includes(`/node_modules/${c}/`))))}\n`,
  );
} else process.stdout.write(`${JSON.stringify(found)}\n`);
