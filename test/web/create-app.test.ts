import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/core/errors.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { addRoute } from "../../src/web/add-route.js";
import { apiRoute } from "../../src/web/api-route.js";
import { createWebApp } from "../../src/web/create-app.js";
import { jsonObjectBody } from "../../src/web/json-object-body.js";
import type { RouteModule } from "../../src/web/route-module.js";

const BUNDLE = "customElements.define('hp-panel', class extends HTMLElement {});\n";

function builtUi(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-ui-"));
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(
    path.join(dir, "index.html"),
    '<!doctype html><html><head><base href="./"><script type="module" src="assets/index-ABCD1234.js"></script></head><body><hp-panel></hp-panel></body></html>',
  );
  writeFileSync(path.join(dir, "assets", "index-ABCD1234.js"), BUNDLE);
  writeFileSync(path.join(dir, "assets", "index-ABCD1234.js.gz"), gzipSync(BUNDLE));
  writeFileSync(path.join(dir, "icon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dir;
}

const failing: RouteModule = (api) => {
  addRoute(api, apiRoute("GET", "/teapot"), () => {
    throw new HttpError(409, "pattern already dismissed");
  });
  addRoute(api, apiRoute("GET", "/boom"), () => {
    throw new Error("SQLITE_CORRUPT at /data/home-patterns.sqlite");
  });
  addRoute(api, apiRoute("POST", "/echo"), async (c) => c.json(await jsonObjectBody(c)));
};

function app(opts: { uiDir?: string } = {}) {
  const logger = createMemoryLogger();
  const web = createWebApp({ routes: [failing], uiDir: opts.uiDir ?? builtUi(), logger });
  return { web, logger };
}

describe("createWebApp", () => {
  it("answers an unknown API path with a JSON 404", async () => {
    const res = await app().web.request("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "no such API endpoint: GET /api/nothing-here" });
  });

  it("turns an HttpError into its status and message", async () => {
    const res = await app().web.request("/api/teapot");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "pattern already dismissed" });
  });

  it("hides an unexpected error behind 'internal error' and logs it", async () => {
    const { web, logger } = app();
    const res = await web.request("/api/boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: "internal error" });
    expect(text).not.toContain("SQLITE_CORRUPT");
    expect(logger.lines.some((l) => l.includes("request failed") && l.includes("SQLITE_CORRUPT"))).toBe(true);
  });

  it("answers a malformed JSON body with a 400", async () => {
    const res = await app().web.request("/api/echo", {
      method: "POST",
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "request body must be a JSON object" });
  });

  it("serves the panel at / with a relative base and no caching", async () => {
    const res = await app().web.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.text()).toContain('<head><base href="./"><script type="module" src="assets/index-ABCD1234.js">');
  });

  it("points the base at the ingress prefix the Supervisor sends", async () => {
    const res = await app().web.request("/", { headers: { "X-Ingress-Path": "/api/hassio_ingress/Xy_12-ab" } });
    expect(await res.text()).toContain('<base href="/api/hassio_ingress/Xy_12-ab/">');
  });

  it("ignores an ingress header that could inject markup", async () => {
    const res = await app().web.request("/", { headers: { "X-Ingress-Path": '/x"><script>alert(1)</script>' } });
    const html = await res.text();
    expect(html).toContain('<base href="./">');
    expect(html).not.toContain("alert(1)");
  });

  it("serves hashed bundles with a year of caching, gzipped when the browser accepts it", async () => {
    const { web } = app();
    const plain = await web.request("/assets/index-ABCD1234.js");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(BUNDLE);
    const zipped = await web.request("/assets/index-ABCD1234.js", { headers: { "Accept-Encoding": "gzip, deflate" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("revalidates files without a hash in their name", async () => {
    const res = await app().web.request("/icon.svg");
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  it("never serves a file outside the panel folder", async () => {
    const { web } = app();
    for (const p of [
      "/../package.json",
      "/%2e%2e/package.json",
      "/assets/../../etc/passwd",
      "/assets",
      "/%E0%A4%A.js",
    ]) {
      const res = await web.request(p);
      expect(res.status, p).toBe(404);
      expect(await res.json()).toEqual({ error: "not found" });
    }
  });

  it("says how to build the panel when ui/dist is missing", async () => {
    const res = await app({ uiDir: path.join(os.tmpdir(), "hp-no-such-dir") }).web.request("/");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "the panel is not built: run `npm run build`" });
  });

  it("runs the given middleware before the API and the panel", async () => {
    const refuse = createWebApp({
      routes: [failing],
      uiDir: builtUi(),
      logger: createMemoryLogger(),
      middleware: [async (c, next) => (c.req.header("X-Let-In") ? next() : c.json({ error: "refused" }, 403))],
    });
    expect((await refuse.request("/api/teapot")).status).toBe(403);
    expect((await refuse.request("/")).status).toBe(403);
    expect((await refuse.request("/api/teapot", { headers: { "X-Let-In": "1" } })).status).toBe(409);
  });
});
