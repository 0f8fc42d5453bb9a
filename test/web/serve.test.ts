import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { systemClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { addRoute } from "../../src/web/add-route.js";
import { apiRoute } from "../../src/web/api-route.js";
import { createWebApp } from "../../src/web/create-app.js";
import { nodeRemoteAddress } from "../../src/web/ingress-guard.js";
import { liveRoutes } from "../../src/web/routes/live-routes.js";
import { startServer } from "../../src/web/serve.js";

describe("startServer", () => {
  it("listens on a free port, shows the peer address to middleware, and closes with an event stream open", async () => {
    const logger = createMemoryLogger();
    const bus = new TypedBus<AppEvents>(logger);
    const app = createWebApp({
      routes: [
        liveRoutes({ bus, clock: systemClock, logger }),
        (api) => addRoute(api, apiRoute("GET", "/peer"), (c) => c.json({ peer: nodeRemoteAddress(c) ?? null })),
      ],
      uiDir: "/nonexistent",
      logger,
    });
    // A grace longer than the test's timeout: close() must not wait for the endless stream.
    const server = await startServer({ app, host: "127.0.0.1", port: 0, logger, graceMs: 120_000 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);

    expect(await (await fetch(`${server.url}/api/peer`)).json()).toEqual({ peer: "127.0.0.1" });

    // As a browser's EventSource asks for it.
    const live = await fetch(`${server.url}/api/live`, { headers: { Accept: "text/event-stream" } });
    const reader = live.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith("event: ready\n")).toBe(true);

    await server.close();
    const ended = await reader.read().then(
      (r) => r.done,
      () => true,
    );
    expect(ended).toBe(true);
    await expect(fetch(`${server.url}/api/peer`)).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const logger = createMemoryLogger();
    const app = createWebApp({ routes: [], uiDir: "/nonexistent", logger });
    const first = await startServer({ app, host: "127.0.0.1", port: 0, logger });
    await expect(startServer({ app, host: "127.0.0.1", port: first.port, logger })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});
