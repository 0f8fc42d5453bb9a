// The fake Supervisor used by supervisor-run.test.ts behaves like the real one where the service relies on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { type FakeSupervisor, startFakeSupervisor } from "./fake-supervisor.js";

const TOKEN = "addon-token";
let ha: FakeHomeAssistant;
let supervisor: FakeSupervisor;

beforeAll(async () => {
  ha = await FakeHomeAssistant.start({ token: TOKEN });
  supervisor = await startFakeSupervisor({
    token: TOKEN,
    coreUrl: ha.url,
    mqtt: {
      host: "core-mosquitto",
      port: 1883,
      ssl: false,
      protocol: "3.1.1",
      username: "addons",
      password: "pw",
      addon: "core_mosquitto",
    },
  });
});
afterAll(async () => {
  await supervisor.stop();
  await ha.stop();
});

describe("fake Supervisor", () => {
  it("answers /services/mqtt with the Supervisor's envelope, only with the token", async () => {
    const ok = await fetch(`${supervisor.url}/services/mqtt`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(await ok.json()).toEqual({
      result: "ok",
      data: {
        host: "core-mosquitto",
        port: 1883,
        ssl: false,
        protocol: "3.1.1",
        username: "addons",
        password: "pw",
        addon: "core_mosquitto",
      },
    });
    expect((await fetch(`${supervisor.url}/services/mqtt`)).status).toBe(401);
  });

  it("proxies ws://supervisor/core/websocket to Home Assistant, auth phase included", async () => {
    const ws = new WebSocket(`${supervisor.url.replace("http", "ws")}/core/websocket`);
    const frames: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { type: string };
        frames.push(frame);
        if (frame.type === "auth_required") ws.send(JSON.stringify({ type: "auth", access_token: TOKEN }));
        if (frame.type === "auth_ok") resolve();
      });
    });
    ws.close();
    expect(frames).toEqual([
      { type: "auth_required", ha_version: "2023.12.4" },
      { type: "auth_ok", ha_version: "2023.12.4" },
    ]);
  });

  it("proxies the Core REST API under /core/api", async () => {
    ha.setStates([{ entity_id: "light.kitchen", state: "on" }]);
    const res = await fetch(`${supervisor.url}/core/api/states/light.kitchen`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { state: string }).state).toBe("on");
  });
});
