// Builds the web app: middleware, the API route modules under /api, one error boundary, the panel.

import type { ErrorHandler } from "hono";
import { Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { HttpError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { declaredRoutesOnly, methodsAt } from "./add-route.js";
import type { ApiRoute } from "./api-route.js";
import { jsonBodiesOnly, requestBodyLimit } from "./request-body-limits.js";
import type { RouteModule } from "./route-module.js";
import { mountUi } from "./ui-assets.js";

export interface WebAppDeps {
  routes: RouteModule[];
  /** Folder of the built panel (ui/dist). */
  uiDir: string;
  logger: Logger;
  /** Runs before every route, API and panel alike (the ingress guard, the remote user). */
  middleware?: MiddlewareHandler[];
  /** Every route the modules must register, no more (API_ROUTES); any route added without a declaration is refused anyway. */
  routeTable?: readonly ApiRoute[];
}

export function createWebApp(deps: WebAppDeps): Hono {
  const onError = errorBoundary(deps.logger);
  const app = new Hono();
  app.onError(onError);
  app.use("*", requestBodyLimit());
  for (const handler of deps.middleware ?? []) app.use("*", handler);

  const api = new Hono();
  api.onError(onError);
  api.use("*", jsonBodiesOnly());
  for (const addRoutes of deps.routes) addRoutes(api);
  declaredRoutesOnly(api, deps.routeTable);
  api.all("*", (c) => {
    // The endpoint exists for another method (a browser's GET of POST /api/patterns/3/accept): say which.
    const methods = methodsAt(api, c.req.path.replace(/^\/api/, ""));
    if (methods.length > 0) {
      c.header("Allow", methods.join(", "));
      throw new HttpError(405, `${c.req.path} takes ${methods.join(" or ")}, not ${c.req.method}`);
    }
    throw new HttpError(404, `no such API endpoint: ${c.req.method} ${c.req.path}`);
  });
  app.route("/api", api);

  mountUi(app, deps.uiDir);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}

/** Every error leaves as JSON {error} with its status; an unexpected one is logged and never shows its stack. */
function errorBoundary(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HttpError) {
      if (err.status >= 500)
        logger.warn("request failed", { method: c.req.method, path: c.req.path, error: err.message });
      return c.json({ error: err.message, ...err.details }, err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals (body too large, bad content): their messages are written for clients.
      return c.json({ error: err.message || "bad request" }, err.status);
    }
    logger.error("request failed", {
      method: c.req.method,
      path: c.req.path,
      error: err.message,
      stack: err.stack,
    });
    return c.json({ error: "internal error" }, 500);
  };
}
