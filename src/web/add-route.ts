// Registers a declared API route: its query is read (and refused when wrong) before any other handler runs.
import type { Context, Hono, MiddlewareHandler } from "hono";
import { type ApiRoute, type QuerySpec, type QueryValues, routeName } from "./api-route.js";
import { readQuery } from "./read-query.js";

export type RouteHandler<S extends QuerySpec> = (c: Context, query: QueryValues<S>) => Response | Promise<Response>;

/** Where the checked query waits for the handler, past the route's other middleware. */
const QUERY = "apiQuery";

/** The routes added to each API app through addRoute, for declaredRoutesOnly. */
const declared = new WeakMap<Hono, ApiRoute[]>();

/**
 * Adds `route` to the /api app: its query is checked first, then `before` runs (an admin check),
 * then the handler with the query's values.
 */
export function addRoute<S extends QuerySpec>(
  api: Hono,
  route: ApiRoute<S>,
  handler: RouteHandler<S>,
  ...before: MiddlewareHandler[]
): void {
  const list = declared.get(api) ?? [];
  list.push(route);
  declared.set(api, list);
  const checkQuery: MiddlewareHandler = async (c: Context, next) => {
    c.set(QUERY, readQuery(c, route));
    await next();
  };
  api.on(route.method, route.path, checkQuery, ...before, (c: Context) => handler(c, c.get(QUERY) as QueryValues<S>));
}

/**
 * Throws when a route was added to `api` without a declaration (its query would go unchecked), or,
 * given the route table, when the registered routes and the table differ.
 */
export function declaredRoutesOnly(api: Hono, table?: readonly ApiRoute[]): void {
  const routes = declared.get(api) ?? [];
  const key = (method: string, path: string) => `${method} ${path}`;
  const known = new Set(routes.map((r) => key(r.method, r.path)));
  const registered = new Set(api.routes.filter((r) => r.method !== "ALL").map((r) => key(r.method, r.path)));
  const undeclared = [...registered].filter((r) => !known.has(r));
  if (undeclared.length > 0) throw new Error(`API routes added without a declaration: ${undeclared.join(", ")}`);
  if (!table) return;
  // The same declaration objects: a route whose parameters differ from the table's is caught too.
  const missing = table.filter((r) => !routes.includes(r)).map(routeName);
  const extra = routes.filter((r) => !table.includes(r)).map(routeName);
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `the API route table and the registered routes differ: not registered ${missing.join(", ") || "none"}; not in the table ${extra.join(", ") || "none"}`,
    );
  }
}

/** The methods of the routes added to `api` whose path matches `path` (under /api: "/patterns/3/accept"). */
export function methodsAt(api: Hono, path: string): string[] {
  const matches = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}$`).test(path);
  return [...new Set((declared.get(api) ?? []).filter((r) => matches(r.path)).map((r) => r.method))];
}
