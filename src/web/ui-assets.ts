// Serves the built panel (ui/dist): index.html with a <base href> for ingress, hashed assets cached for a year.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Context, Hono } from "hono";
import { HttpError } from "../core/errors.js";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** esbuild names bundles name-HASH.ext (8 base32 characters): their content never changes. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const BASE_TAG = /<base href="[^"]*"\s*\/?>/;
/** What Home Assistant's ingress proxy sends: /api/hassio_ingress/<token>; anything odd is ignored. */
const SAFE_PATH = /^\/[A-Za-z0-9_\-./]*$/;

/** The document base for a request: the ingress prefix when proxied, else the page's own folder. */
export function baseHrefFor(ingressPath: string | undefined): string {
  if (!ingressPath || !SAFE_PATH.test(ingressPath) || ingressPath.includes("..") || ingressPath.includes("//")) {
    return "./";
  }
  return ingressPath.endsWith("/") ? ingressPath : `${ingressPath}/`;
}

export function mountUi(app: Hono, uiDir: string): void {
  const root = path.resolve(uiDir);

  const index = async (c: Context) => {
    let html: string;
    try {
      html = await readFile(path.join(root, "index.html"), "utf8");
    } catch {
      throw new HttpError(503, "the panel is not built: run `npm run build`");
    }
    const base = `<base href="${baseHrefFor(c.req.header("X-Ingress-Path"))}">`;
    html = BASE_TAG.test(html) ? html.replace(BASE_TAG, base) : html.replace("<head>", `<head>${base}`);
    return c.body(html, 200, {
      "Content-Type": CONTENT_TYPES[".html"],
      // Always revalidated: it names the current hashed bundle, so a new build shows at once.
      "Cache-Control": "no-cache",
    });
  };
  app.get("/", index);
  app.get("/index.html", index);

  app.get("*", async (c) => {
    const file = path.resolve(root, decodedPath(c.req.path).replace(/^\/+/, ""));
    const type = CONTENT_TYPES[path.extname(file)];
    if (!file.startsWith(root + path.sep) || !type || !(await isFile(file))) {
      throw new HttpError(404, "not found");
    }
    const headers: Record<string, string> = {
      "Content-Type": type,
      "Cache-Control": HASHED.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
      Vary: "Accept-Encoding",
    };
    // The build writes a .gz next to each bundle: a Pi on Wi-Fi sends a third of the bytes.
    if (/\bgzip\b/.test(c.req.header("Accept-Encoding") ?? "") && (await isFile(`${file}.gz`))) {
      headers["Content-Encoding"] = "gzip";
      return c.body(new Uint8Array(await readFile(`${file}.gz`)), 200, headers);
    }
    return c.body(new Uint8Array(await readFile(file)), 200, headers);
  });
}

function decodedPath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return ""; // a malformed escape names no file
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
