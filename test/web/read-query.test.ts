// The shared query check: every declared route refuses unknown, repeated and malformed parameters with a 400 saying why.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { addRoute } from "../../src/web/add-route.js";
import { apiRoute } from "../../src/web/api-route.js";
import { createWebApp } from "../../src/web/create-app.js";
import { choiceParam, integerParam, timeParam } from "../../src/web/query-params.js";
import type { RouteModule } from "../../src/web/route-module.js";

const LIST = apiRoute("GET", "/things", {
  kind: choiceParam(["lamp", "door"] as const),
  limit: integerParam({ min: 1, max: 50, default: 10 }),
  since: timeParam(),
});
const BARE = apiRoute("GET", "/bare");
const CHANGE = apiRoute("POST", "/things/:id/change");

function uiDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-ui-"));
  writeFileSync(path.join(dir, "index.html"), '<!doctype html><base href="./"><p>panel</p>');
  return dir;
}

function setup() {
  const ran: string[] = [];
  const routes: RouteModule = (api) => {
    addRoute(api, LIST, (c, query) => c.json(query));
    addRoute(api, BARE, (c) => c.json({ ok: true }));
    addRoute(
      api,
      CHANGE,
      (c) => c.json({ changed: c.req.param("id") }),
      async (_c, next) => {
        ran.push("admin check");
        await next();
      },
    );
  };
  const app = createWebApp({ routes: [routes], uiDir: uiDir(), logger: createMemoryLogger() });
  const get = async (url: string, init?: RequestInit) => {
    const res = await app.request(url, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { app, get, ran };
}

describe("a route's declared query parameters", () => {
  it("are read with their defaults when absent or empty", async () => {
    const { get } = setup();
    expect(await get("/api/things")).toEqual({ status: 200, body: { limit: 10 } });
    expect(await get("/api/things?kind=&limit=")).toEqual({ status: 200, body: { limit: 10 } });
    expect(await get("/api/things?kind=door&limit=3&since=1000")).toEqual({
      status: 200,
      body: { kind: "door", limit: 3, since: 1000 },
    });
  });

  it("refuse an unknown parameter, naming it and the ones the route accepts", async () => {
    const { get } = setup();
    expect(await get("/api/things?kind=lamp&limt=5")).toEqual({
      status: 400,
      body: {
        error: 'unknown query parameter "limt": GET /api/things accepts kind, limit, since',
        parameter: "limt",
        accepted: ["kind", "limit", "since"],
      },
    });
    expect(await get("/api/bare?verbose")).toEqual({
      status: 400,
      body: {
        error: 'unknown query parameter "verbose": GET /api/bare takes no query parameters',
        parameter: "verbose",
        accepted: [],
      },
    });
  });

  it("refuse a parameter given twice", async () => {
    const { get } = setup();
    expect(await get("/api/things?limit=5&limit=6")).toEqual({
      status: 400,
      body: {
        error: "limit is given 2 times: GET /api/things takes it once and accepts kind, limit, since",
        parameter: "limit",
        accepted: ["kind", "limit", "since"],
      },
    });
  });

  it("refuse a malformed value with the kind's own message", async () => {
    const { get } = setup();
    expect(await get("/api/things?kind=sofa")).toEqual({
      status: 400,
      body: {
        error: 'kind must be one of lamp, door; got "sofa"',
        parameter: "kind",
        accepted: ["kind", "limit", "since"],
      },
    });
    expect((await get("/api/things?limit=51")).body.error).toBe("limit must be an integer between 1 and 50, got 51");
    expect((await get("/api/things?since=soon")).body.error).toBe(
      'since must be an ISO time or epoch milliseconds, got "soon"',
    );
  });

  it("are checked before the route's own middleware runs", async () => {
    const { get, ran } = setup();
    const refused = await get("/api/things/7/change?force=1", { method: "POST" });
    expect(refused.status).toBe(400);
    expect(ran).toEqual([]);
    expect(await get("/api/things/7/change", { method: "POST" })).toEqual({ status: 200, body: { changed: "7" } });
    expect(ran).toEqual(["admin check"]);
  });

  it("tolerate access_token on a GET only (the ingress guard reads it; EventSource cannot send headers)", async () => {
    const { get } = setup();
    expect(await get("/api/bare?access_token=abc")).toEqual({ status: 200, body: { ok: true } });
    const post = await get("/api/things/7/change?access_token=abc", { method: "POST" });
    expect(post.status).toBe(400);
    expect(post.body.parameter).toBe("access_token");
  });

  it("leave the panel's files and unknown API paths alone", async () => {
    const { app, get } = setup();
    const page = await app.request("/?v=2");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("panel");
    expect(await get("/api/nothing?x=1")).toEqual({
      status: 404,
      body: { error: "no such API endpoint: GET /api/nothing" },
    });
  });
});

describe("createWebApp's route declarations", () => {
  const logger = createMemoryLogger();

  it("refuses a route added without a declaration (its query would go unchecked)", () => {
    const raw: RouteModule = (api) => {
      api.get("/raw", (c) => c.json({}));
    };
    expect(() => createWebApp({ routes: [raw], uiDir: uiDir(), logger })).toThrow(
      "API routes added without a declaration: GET /raw",
    );
  });

  it("refuses registered routes that differ from the route table", () => {
    const some: RouteModule = (api) => addRoute(api, BARE, (c) => c.json({}));
    expect(() => createWebApp({ routes: [some], uiDir: uiDir(), logger, routeTable: [BARE, LIST] })).toThrow(
      "not registered GET /api/things; not in the table none",
    );
    expect(() => createWebApp({ routes: [some], uiDir: uiDir(), logger, routeTable: [LIST] })).toThrow(
      "not registered GET /api/things; not in the table GET /api/bare",
    );
    expect(() => createWebApp({ routes: [some], uiDir: uiDir(), logger, routeTable: [BARE] })).not.toThrow();
  });
});
