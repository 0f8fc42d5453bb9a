// Reads a request's query against its route's declaration: an unknown, repeated or malformed parameter is a 400.
import type { Context } from "hono";
import { HttpError, InputError } from "../core/errors.js";
import { type ApiRoute, acceptedParams, type QuerySpec, type QueryValues, routeName } from "./api-route.js";

/**
 * Parameters every GET may carry on top of its own: the ingress guard reads `access_token`
 * (a browser's EventSource cannot send an Authorization header).
 */
const TRANSPORT_PARAMS: ReadonlySet<string> = new Set(["access_token"]);

export function readQuery<S extends QuerySpec>(c: Context, route: ApiRoute<S>): QueryValues<S> {
  const given = c.req.queries();
  const accepted = acceptedParams(route);
  const refuse = (parameter: string, message: string): HttpError =>
    new HttpError(400, message, { parameter, accepted });
  const takes = accepted.length > 0 ? `accepts ${accepted.join(", ")}` : "takes no query parameters";

  for (const [name, values] of Object.entries(given)) {
    if (!Object.hasOwn(route.query, name)) {
      if (TRANSPORT_PARAMS.has(name) && (c.req.method === "GET" || c.req.method === "HEAD")) continue;
      throw refuse(name, `unknown query parameter "${name}": ${routeName(route)} ${takes}`);
    }
    if (values.length > 1) {
      throw refuse(name, `${name} is given ${values.length} times: ${routeName(route)} takes it once and ${takes}`);
    }
  }

  const values: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(route.query)) {
    const raw = given[name]?.[0];
    try {
      values[name] = raw === undefined ? param.absent : param.read(raw, name);
    } catch (err) {
      if (err instanceof InputError) throw refuse(name, err.message);
      throw err;
    }
  }
  return values as QueryValues<S>;
}
