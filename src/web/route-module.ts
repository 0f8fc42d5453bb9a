// The shape of one group of API routes: a function that adds its routes to the /api sub-app.
import type { Hono } from "hono";

/** Adds routes to the app mounted at /api (so `api.get("/health", ...)` answers GET /api/health). */
export type RouteModule = (api: Hono) => void;
