// The running service (demo, default mode: 127.0.0.1, no token) against what a hostile web page or client sends.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";

let app: RunningApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-hostile-"));
  const config = loadConfig({
    env: { DATA_DIR: dataDir, PORT: "0", ALLOWED_HOSTS: "nas.lan" },
    command: "demo",
    cwd: dataDir,
  });
  app = await startApp(config, {
    clock: systemClock,
    logger: createMemoryLogger("error"),
    demo: { seed: 5, speed: 60, historyDays: 1 },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request: fetch would not let a test set Host, or send a body without a length. */
function send(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string | (() => AsyncIterable<string>),
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: app.port,
        method,
        path: urlPath,
        headers: { Host: `127.0.0.1:${app.port}`, ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    if (typeof body === "function") {
      void (async () => {
        for await (const chunk of body()) if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        req.end();
      })().catch(() => undefined);
    } else req.end(body);
  });
}

const evil = { Origin: "http://evil.example", "Content-Type": "text/plain" };

describe("cross-site writes", () => {
  it("refuses a text/plain POST from a foreign page (no preflight in a browser): the backup hold is not taken", async () => {
    const res = await send("POST", "/api/maintenance/checkpoint", evil, "{}");
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      error: "Changes are only accepted from the Home Patterns panel itself (cross-site request).",
    });
    const forged = await send("POST", "/api/maintenance/checkpoint", { "Sec-Fetch-Site": "cross-site" });
    expect(forged.status).toBe(403);
    const sandboxed = await send("POST", "/api/maintenance/resume", { Origin: "null" });
    expect(sandboxed.status).toBe(403);
  });

  it("accepts the panel's own POSTs (same origin) and curl's (no Origin)", async () => {
    const own = await send(
      "POST",
      "/api/maintenance/checkpoint",
      {
        Origin: `http://127.0.0.1:${app.port}`,
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/json",
        "Content-Length": "2",
      },
      "{}",
    );
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body).status).toBe("held");
    expect((await send("POST", "/api/maintenance/resume")).status).toBe(200);
  });
});

describe("Host names (DNS rebinding)", () => {
  it("refuses a name that is not the listening address, localhost or ALLOWED_HOSTS", async () => {
    const res = await send("GET", "/api/stats", { Host: `attacker.example:${app.port}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      error: 'This server does not answer to the name "attacker.example"; add it to ALLOWED_HOSTS to use it.',
    });
  });

  it("serves 127.0.0.1, localhost and a configured name", async () => {
    for (const host of [`127.0.0.1:${app.port}`, `localhost:${app.port}`, `nas.lan:${app.port}`]) {
      expect((await send("GET", "/api/stats", { Host: host })).status, host).toBe(200);
    }
  });
});

describe("request bodies", () => {
  it("answers 413 to a declared body over 1 MB without reading it", async () => {
    const big = JSON.stringify({ sql: `SELECT '${"x".repeat(2 * 1024 * 1024)}'` });
    const res = await send("POST", "/api/analytics", { "Content-Type": "application/json" }, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: "the request body is larger than 1048576 bytes" });
  });

  it("answers 413 to a chunked body once it passes 1 MB", async () => {
    const chunks = async function* () {
      for (let i = 0; i < 40; i++) yield "x".repeat(64 * 1024);
    };
    const res = await send("POST", "/api/analytics", { "Content-Type": "application/json" }, chunks);
    expect(res.status).toBe(413);
  });

  it("answers 415 to a JSON route sent another content type", async () => {
    const res = await send(
      "POST",
      "/api/analytics",
      { "Content-Type": "text/plain" },
      JSON.stringify({ sql: "SELECT 1" }),
    );
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toEqual({ error: "send the body as application/json (got text/plain)" });
  });
});

describe("no filesystem paths in answers", () => {
  it("/api/health does not show where the database is", async () => {
    const res = await send("GET", "/api/health");
    expect(res.body).not.toContain(dataDir);
    expect(JSON.parse(res.body).stores[0]).toEqual({
      name: "sqlite",
      status: "ok",
      detail: "open",
      danglingRows: { removedAtOpen: {}, skippedOnRead: 0 },
    });
  });

  it("an analytics error names no file", async () => {
    const res = await send(
      "POST",
      "/api/analytics",
      { "Content-Type": "application/json" },
      JSON.stringify({ sql: "SELECT * FROM read_csv('/etc/passwd')" }),
    );
    expect(res.status).toBe(400);
    const error: string = JSON.parse(res.body).error;
    expect(error).toContain('Permission Error: Cannot access file "<path>"');
    expect(error).not.toContain("/etc/passwd");
  });
});
