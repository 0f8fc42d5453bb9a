// The shared MQTT connection against a real mosquitto: credentials, will, resubscribe, publish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectMqtt,
  createMqttConnection,
  type MqttMessage,
  withoutCredentials,
} from "../../src/mqtt/mqtt-connection.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";

let broker: RunningMosquitto;
let secured: RunningMosquitto;

beforeAll(async () => {
  [broker, secured] = await Promise.all([startMosquitto(), startMosquitto({ users: { addons: "s3cret pass" } })]);
});
afterAll(async () => {
  await Promise.all([broker?.stop(), secured?.stop()]);
});

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("connectMqtt", () => {
  it("fails the first connect with a message naming the broker when nothing listens", async () => {
    const stopped = await startMosquitto();
    const url = stopped.url;
    await stopped.stop();
    await expect(connectMqtt(url, { connectTimeoutMs: 2000 })).rejects.toThrow(
      `Cannot connect to MQTT broker ${url}: connection refused`,
    );
  });

  it("refuses wrong credentials with the broker's reason, and connects with the right ones", async () => {
    await expect(connectMqtt(secured.url, { username: "addons", password: "wrong" })).rejects.toThrow(
      /Cannot connect to MQTT broker mqtt:\/\/127\.0\.0\.1:\d+: Connection refused: Not authorized/,
    );
    const ok = await connectMqtt(secured.url, { username: "addons", password: "s3cret pass" });
    expect(ok.connected).toBe(true);
    await ok.close();
    expect(ok.connected).toBe(false);
  });

  it("delivers retained and live messages with their retain flag, and stops after unsubscribe", async () => {
    const a = await connectMqtt(broker.url);
    const b = await connectMqtt(broker.url);
    const got: MqttMessage[] = [];
    b.onMessage((m) => got.push(m));
    await a.publish("hp-test/retained", "old", { retain: true, qos: 1 });
    await b.subscribe("hp-test/#");
    await a.publish("hp-test/live", "new", { qos: 1 });
    await until(() => got.length === 2, "two messages");
    expect(got.map((m) => [m.topic, m.payload.toString(), m.retain])).toEqual([
      ["hp-test/retained", "old", true],
      ["hp-test/live", "new", false],
    ]);
    await b.unsubscribe("hp-test/#");
    await a.publish("hp-test/live", "unheard", { qos: 1 });
    await b.subscribe("hp-test/marker");
    await a.publish("hp-test/marker", "m", { qos: 1 });
    await until(() => got.length === 3, "marker");
    expect(got[2].topic).toBe("hp-test/marker");
    await a.publish("hp-test/retained", "", { retain: true, qos: 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it("has the broker publish its last will when the connection is taken away, and calls onConnect right away", async () => {
    const observer = await connectMqtt(broker.url);
    const seen: string[] = [];
    observer.onMessage((m) => seen.push(`${m.topic}=${m.payload.toString()}`));
    await observer.subscribe("hp-will/status");
    const client = await connectMqtt(broker.url, {
      clientId: "hp-will-test",
      will: { topic: "hp-will/status", payload: "offline", retain: true },
      reconnectPeriodMs: 60_000,
    });
    let connects = 0;
    client.onConnect(() => {
      connects++;
      void client.publish("hp-will/status", "online", { retain: true });
    });
    await until(() => seen.includes("hp-will/status=online"), "online");
    expect(connects).toBe(1);
    // A second client with the same id makes the broker drop the first one without a DISCONNECT.
    const intruder = await connectMqtt(broker.url, { clientId: "hp-will-test" });
    await until(() => seen.includes("hp-will/status=offline"), "will");
    expect(seen).toEqual(["hp-will/status=online", "hp-will/status=offline"]);
    await Promise.all([client.close(), intruder.close()]);
    await observer.publish("hp-will/status", "", { retain: true, qos: 1 });
    await observer.close();
  });

  it("renews subscriptions after the broker restarts and calls onConnect again", async () => {
    const own = await startMosquitto();
    try {
      const sub = await connectMqtt(own.url, { reconnectPeriodMs: 100 });
      const pub = await connectMqtt(own.url, { reconnectPeriodMs: 100 });
      const got: string[] = [];
      let connects = 0;
      sub.onMessage((m) => got.push(m.payload.toString()));
      sub.onConnect(() => connects++);
      await sub.subscribe("hp-restart/x");
      await until(() => connects === 1, "first onConnect");
      await own.restart();
      await until(() => connects === 2 && pub.connected, "reconnect", 15_000);
      await pub.publish("hp-restart/x", "after restart", { qos: 1 });
      await until(() => got.length === 1, "message after restart");
      expect(got).toEqual(["after restart"]);
      await Promise.all([sub.close(), pub.close()]);
    } finally {
      await own.stop();
    }
  });
});

describe("close", () => {
  it("closes while the broker is away, with a message still waiting to be sent", async () => {
    const own = await startMosquitto();
    const connection = await connectMqtt(own.url, { reconnectPeriodMs: 100 });
    await own.stop();
    await until(() => !connection.connected, "the broker gone");
    // mqtt.js keeps this for a reconnect that a stopping service will never see.
    const waiting = connection.publish("hp-close/availability", "offline", { retain: true, qos: 1 });
    const outcome = await Promise.race([
      connection.close().then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("still closing"), 10_000)),
    ]);
    expect(outcome).toBe("closed");
    await expect(waiting).rejects.toThrow(/MQTT publish to hp-close\/availability failed/);
  });
});

describe("createMqttConnection", () => {
  it("waits for a broker that starts later, then subscribes what was asked for meanwhile", async () => {
    const first = await startMosquitto();
    const port = first.port;
    await first.stop();
    const connection = createMqttConnection(`mqtt://127.0.0.1:${port}`, { reconnectPeriodMs: 100 });
    const got: string[] = [];
    let connects = 0;
    connection.onMessage((m) => got.push(`${m.topic}=${m.payload.toString()}`));
    connection.onConnect(() => connects++);
    await connection.subscribe("hp-late/#");
    expect(connection.connected).toBe(false);
    const late = await startMosquitto({ port });
    try {
      await until(() => connects === 1, "connected to the late broker", 15_000);
      const pub = await connectMqtt(late.url);
      await pub.publish("hp-late/door", "open", { qos: 1 });
      await until(() => got.length === 1, "message");
      expect(got).toEqual(["hp-late/door=open"]);
      expect(connects).toBe(1);
      await Promise.all([pub.close(), connection.close()]);
    } finally {
      await late.stop();
    }
  });
});

describe("withoutCredentials", () => {
  it("keeps passwords out of what is logged", () => {
    expect(withoutCredentials("mqtt://addons:secret@core-mosquitto:1883")).toBe("mqtt://core-mosquitto:1883");
    expect(withoutCredentials("mqtts://broker.local:8883")).toBe("mqtts://broker.local:8883");
  });
});
