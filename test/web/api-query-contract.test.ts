// Every route of the running service, walked from API_ROUTES, refuses a query parameter it does not declare.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { type ApiRoute, acceptedParams, routeName } from "../../src/web/api-route.js";
import { API_ROUTES } from "../../src/web/api-routes.js";

let app: RunningApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-query-contract-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: "0" }, command: "demo", cwd: dataDir });
  app = await startApp(config, {
    clock: systemClock,
    logger: createMemoryLogger("error"),
    demo: { seed: 3, speed: 60, historyDays: 1 },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The route's URL with its path parameters filled in (the query is checked before they are looked up). */
function urlOf(route: ApiRoute, query: string): string {
  return `${app.url}/api${route.path.replace(/:[A-Za-z]+/g, "1")}?${query}`;
}

/** Calls the route; an answer that is not a refusal (an endless event stream) is not read. */
async function call(route: ApiRoute, query: string): Promise<{ status: number; body: unknown }> {
  const init: RequestInit =
    route.method === "POST"
      ? { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }
      : { method: "GET" };
  const res = await fetch(urlOf(route, query), init);
  if (res.status !== 400) {
    await res.body?.cancel();
    return { status: res.status, body: null };
  }
  return { status: res.status, body: await res.json() };
}

function takes(route: ApiRoute): string {
  const accepted = acceptedParams(route);
  return accepted.length > 0 ? `accepts ${accepted.join(", ")}` : "takes no query parameters";
}

describe("every API route's query parameters", () => {
  it("covers every route the service registers", () => {
    // startApp checks the registered routes against API_ROUTES; this guards against an empty walk.
    expect(API_ROUTES.length).toBeGreaterThan(30);
  });

  it.each(API_ROUTES.map((route) => [routeName(route), route] as const))(
    "%s refuses an unknown parameter with a 400 naming it and the accepted ones",
    async (_name, route) => {
      expect(await call(route, "hp_unknown=1")).toEqual({
        status: 400,
        body: {
          error: `unknown query parameter "hp_unknown": ${routeName(route)} ${takes(route)}`,
          parameter: "hp_unknown",
          accepted: acceptedParams(route),
        },
      });
    },
  );

  it.each(
    API_ROUTES.filter((route) => acceptedParams(route).length > 0).map((route) => [routeName(route), route] as const),
  )("%s refuses a parameter given twice", async (_name, route) => {
    const [first] = acceptedParams(route);
    const answer = await call(route, `${first}=1&${first}=2`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ parameter: first, accepted: acceptedParams(route) });
  });
});

/** Every parameter of every route that takes a number or a time, by the words DOCS.md gives it. */
const NUMBERS_AND_TIMES = API_ROUTES.flatMap((route) =>
  Object.entries(route.query)
    .filter(([, param]) => /^(an integer|an ISO time)/.test(param.expects))
    .map(([name, param]) => [`${routeName(route)} ${name}`, route, name, param.expects] as const),
);

describe("every number and time a route takes", () => {
  it("covers the limits, hours and since", () => {
    expect(NUMBERS_AND_TIMES.map(([label]) => label)).toEqual([
      "GET /api/patterns limit",
      "GET /api/anomalies since",
      "GET /api/anomalies limit",
      "GET /api/entities/:id/timeline hours",
      "GET /api/entities/:id/timeline limit",
      "GET /api/predictions limit",
    ]);
  });

  // "-5" and "1.5" are years 2001 to Date.parse: since=-5 read as May 2001.
  it.each(NUMBERS_AND_TIMES)(
    "%s refuses a negative, fractional, signed, spaced or absurd value",
    async (_l, route, name) => {
      for (const value of ["-5", "1.5", "-1.5", "+5", " 5", "5 ", "1e3", "abc", "99999999999999999999"]) {
        const answer = await call(route, `${name}=${encodeURIComponent(value)}`);
        expect(answer.status, `${name}=${value}`).toBe(400);
        const error = (answer.body as { error: string }).error;
        // The value as written, quoted or (an integer) not.
        expect(
          error.startsWith(`${name} must be `) &&
            (error.includes(`, got ${JSON.stringify(value)}`) || error.endsWith(`, got ${value}`)),
          `${name}=${value}: ${error}`,
        ).toBe(true);
      }
    },
  );
});

describe("what the panel, the health check and a scraper send", () => {
  // ui/src/data/*.ts: the only query parameters the panel builds.
  it.each([
    "/api/health",
    "/api/metrics",
    "/api/patterns?status=active%2Caccepted",
    "/api/patterns?type=sequence&area=kitchen&entity=light.kitchen&status=all",
    "/api/anomalies?status=open&limit=50",
    "/api/anomalies?kind=unusual_time&area=kitchen&entity=light.kitchen&status=all&limit=20",
    "/api/predictions?limit=5",
    "/api/entities/light.kitchen/timeline?hours=24",
    "/api/analytics",
    "/api/graph",
    "/api/stats?access_token=not-checked-on-loopback",
  ])("accepts %s", async (url) => {
    const res = await fetch(`${app.url}${url}`);
    const text = await res.text();
    expect(res.status, text).not.toBe(400);
    expect(res.status, text).toBeLessThan(500);
  });
});
