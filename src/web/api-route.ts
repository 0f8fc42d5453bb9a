// One API route's declaration: its method, path and the query parameters it takes, written once.
import type { QueryParam } from "./query-params.js";

export type QuerySpec = Record<string, QueryParam<unknown>>;

/** The values a route's handler gets, typed after its declaration. */
export type QueryValues<S extends QuerySpec> = { [K in keyof S]: S[K] extends QueryParam<infer T> ? T : never };

export interface ApiRoute<S extends QuerySpec = QuerySpec> {
  method: "GET" | "POST";
  /** Under /api, with Hono's path parameters: "/patterns/:id". */
  path: string;
  /** Every query parameter the route takes; any other is refused with a 400. */
  query: S;
}

/** A route that takes the given query parameters (none when `query` is left out). */
export function apiRoute<S extends QuerySpec = Record<never, never>>(
  method: ApiRoute["method"],
  path: string,
  query: S = {} as S,
): ApiRoute<S> {
  return { method, path, query };
}

/** "GET /api/patterns/:id", as messages name a route. */
export function routeName(route: ApiRoute): string {
  return `${route.method} /api${route.path}`;
}

/** The parameter names in declaration order. */
export function acceptedParams(route: ApiRoute): string[] {
  return Object.keys(route.query);
}
