// Broker credentials from a local HTTP server that answers like the Supervisor's /services/mqtt.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveMqttBroker } from "../../src/mqtt/mqtt-settings.js";
import { resolveSupervisorMqtt, SupervisorMqttError } from "../../src/mqtt/supervisor-mqtt.js";

const TOKEN = "supervisor-token-123";
/** token → the answer the fake Supervisor gives for that add-on. */
const answers: Record<string, { status: number; body: string }> = {
  [TOKEN]: {
    status: 200,
    body: JSON.stringify({
      result: "ok",
      data: {
        host: "core-mosquitto",
        port: 1883,
        ssl: false,
        protocol: "3.1.1",
        username: "addons",
        password: "Eij9ahch",
        addon: "core_mosquitto",
      },
    }),
  },
  "no-services-entry": {
    status: 403,
    body: JSON.stringify({ result: "error", message: "No access to mqtt service!" }),
  },
  "no-broker": { status: 400, body: JSON.stringify({ result: "error", message: "Service not enabled" }) },
  "tls-broker": {
    status: 200,
    body: JSON.stringify({
      result: "ok",
      data: { host: "broker.lan", port: 8883, ssl: true, protocol: "3.1", app: "local_emqx" },
    }),
  },
  "html-error": { status: 502, body: "<html>Bad Gateway</html>" },
};

let server: http.Server;
let base: string;
const requests: { path: string; auth?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? "", auth: req.headers.authorization });
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const answer = req.url === "/services/mqtt" ? answers[token] : undefined;
    if (!answer) {
      res.writeHead(401, { "content-type": "text/plain" }).end("401: Unauthorized");
      return;
    }
    res
      .writeHead(answer.status, { "content-type": answer.body.startsWith("{") ? "application/json" : "text/html" })
      .end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("resolveSupervisorMqtt", () => {
  it("turns the Mosquitto add-on's answer into a URL and credentials, asking with the bearer token", async () => {
    requests.length = 0;
    expect(await resolveSupervisorMqtt({ url: base, token: TOKEN })).toEqual({
      url: "mqtt://core-mosquitto:1883",
      username: "addons",
      password: "Eij9ahch",
      protocolVersion: 4,
      provider: "core_mosquitto",
    });
    expect(requests).toEqual([{ path: "/services/mqtt", auth: `Bearer ${TOKEN}` }]);
  });

  it("uses mqtts for an ssl broker, MQTT 3.1 when asked, and the v2 `app` key", async () => {
    expect(await resolveSupervisorMqtt({ url: `${base}/`, token: "tls-broker" })).toEqual({
      url: "mqtts://broker.lan:8883",
      username: undefined,
      password: undefined,
      protocolVersion: 3,
      provider: "local_emqx",
    });
  });

  it("says the add-on needs services: mqtt:want when the Supervisor answers 403", async () => {
    const err = await resolveSupervisorMqtt({ url: base, token: "no-services-entry" }).catch((e) => e);
    expect(err).toBeInstanceOf(SupervisorMqttError);
    expect(err.message).toBe(
      'No access to the Supervisor\'s MQTT service (403 "No access to mqtt service!"): the add-on\'s config.yaml needs "services: [mqtt:want]".',
    );
  });

  it("says no broker is installed when the service is not enabled", async () => {
    await expect(resolveSupervisorMqtt({ url: base, token: "no-broker" })).rejects.toThrow(
      'No MQTT broker is installed ("Service not enabled"): install the Mosquitto broker add-on, or set MQTT_URL, or clear the mqtt_topics option.',
    );
  });

  it("reports a rejected token, a non-JSON error page and an unreachable Supervisor", async () => {
    await expect(resolveSupervisorMqtt({ url: base, token: "stale" })).rejects.toThrow(
      "The Supervisor rejected the token (401)",
    );
    await expect(resolveSupervisorMqtt({ url: base, token: "html-error" })).rejects.toThrow(
      `The Supervisor answered 502 for ${base}/services/mqtt: <html>Bad Gateway</html>`,
    );
    await expect(resolveSupervisorMqtt({ url: "http://127.0.0.1:1", token: TOKEN })).rejects.toThrow(
      "Cannot reach the Supervisor at http://127.0.0.1:1/services/mqtt",
    );
  });
});

describe("resolveMqttBroker", () => {
  it("is undefined without MQTT, moves credentials out of an explicit URL, and asks the Supervisor when told to", async () => {
    expect(await resolveMqttBroker({ kind: "none" }, undefined)).toBeUndefined();
    expect(await resolveMqttBroker({ kind: "url", url: "mqtt://hp:p%40ss@192.168.1.5:1883" }, undefined)).toEqual({
      url: "mqtt://192.168.1.5:1883",
      username: "hp",
      password: "p@ss",
      protocolVersion: 4,
    });
    expect(
      await resolveMqttBroker({ kind: "url", url: "mqtt://broker:1883", username: "u", password: "pw" }, undefined),
    ).toMatchObject({
      url: "mqtt://broker:1883",
      username: "u",
      password: "pw",
    });
    expect(await resolveMqttBroker({ kind: "supervisor" }, { url: base, token: TOKEN })).toMatchObject({
      url: "mqtt://core-mosquitto:1883",
    });
    await expect(resolveMqttBroker({ kind: "supervisor" }, undefined)).rejects.toThrow("SUPERVISOR_TOKEN is not set");
  });
});
