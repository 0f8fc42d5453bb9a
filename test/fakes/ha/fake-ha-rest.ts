// The fake HA's REST API: states, automation configs, events and services, with HA's answers and errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRIGGER_PLATFORMS } from "../../patterns/suggestions/automation-schema.js";
import { type FakeHaHome, stateJson } from "./fake-ha-home.js";
import { type AutomationConfig, FakeHaError, listOf, triggerProblem } from "./fake-ha-services.js";

export interface RestRequestLog {
  method: string;
  path: string;
  body: string;
}

export interface FakeRestOptions {
  token: string;
  /** How long after a saved automation its entity appears (HA reloads by itself, ~1.5 s in the recording). */
  automationReloadDelayMs: number;
  requests: RestRequestLog[];
}

// The platforms Home Assistant 2023.12 accepts: one list, shared with the automation schema test.
const KNOWN_PLATFORMS: ReadonlySet<string> = new Set(TRIGGER_PLATFORMS);

export async function handleRest(
  home: FakeHaHome,
  options: FakeRestOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake");
  const path = url.pathname;
  const method = req.method ?? "GET";
  const body = await readBody(req);
  options.requests.push({ method, path, body });

  if (req.headers.authorization !== `Bearer ${options.token}`) return text(res, 401, "401: Unauthorized");

  if (method === "GET" && path === "/api/") return json(res, 200, { message: "API running." });
  if (method === "GET" && path === "/api/states") return json(res, 200, [...home.states.values()].map(stateJson));
  const stateMatch = /^\/api\/states\/([^/]+)$/.exec(path);
  if (method === "GET" && stateMatch) {
    const record = home.states.get(decodeURIComponent(stateMatch[1]));
    return record ? json(res, 200, stateJson(record)) : json(res, 404, { message: "Entity not found." });
  }

  const automationMatch = /^\/api\/config\/automation\/config\/([^/]+)$/.exec(path);
  if (automationMatch) {
    const id = decodeURIComponent(automationMatch[1]);
    if (method === "GET") {
      const config = home.services.automationConfigs.get(id);
      return config ? json(res, 200, config) : json(res, 404, { message: "Resource not found" });
    }
    if (method === "POST") {
      const parsed = parseJson(body);
      if (parsed === undefined) return json(res, 400, { message: "Invalid JSON specified" });
      const problem = automationProblem(parsed);
      if (problem) return json(res, 400, { message: `Message malformed: ${problem}` });
      const config = { id, ...(parsed as Record<string, unknown>) } as AutomationConfig;
      home.services.automationConfigs.set(id, config);
      json(res, 200, { result: "ok" });
      // HA rewrites automations.yaml and reloads afterwards: the entity is never there before the answer.
      const apply = () => home.services.addAutomation(config);
      if (options.automationReloadDelayMs > 0) setTimeout(apply, options.automationReloadDelayMs);
      else setImmediate(apply);
      return;
    }
  }

  const eventMatch = /^\/api\/events\/([^/]+)$/.exec(path);
  if (method === "POST" && eventMatch) {
    const eventType = decodeURIComponent(eventMatch[1]);
    const data = body === "" ? {} : parseJson(body);
    if (data === undefined || typeof data !== "object" || Array.isArray(data)) {
      return json(res, 400, { message: "Event data should be a JSON object" });
    }
    home.fire(eventType, data as Record<string, unknown>, home.newContext(null, home.options.userId));
    return json(res, 200, { message: `Event ${eventType} fired.` });
  }

  const serviceMatch = /^\/api\/services\/([^/]+)\/([^/]+)$/.exec(path);
  if (method === "POST" && serviceMatch) {
    const data = body === "" ? {} : parseJson(body);
    if (data === undefined) return json(res, 400, { message: "Data should be valid JSON." });
    try {
      const context = home.newContext(null, home.options.userId);
      const changed = home.trackStates(() =>
        home.services.call(serviceMatch[1], serviceMatch[2], data as Record<string, unknown>, undefined, context),
      );
      return json(res, 200, changed.map(stateJson));
    } catch (err) {
      if (err instanceof FakeHaError && err.code === "not_found") return json(res, 400, { message: err.message });
      return json(res, 400, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  return text(res, 404, "404: Not Found");
}

function automationProblem(config: unknown): string | undefined {
  if (!config || typeof config !== "object" || Array.isArray(config)) return "expected a dictionary";
  const c = config as Record<string, unknown>;
  const triggers = listOf(c.trigger ?? c.triggers) as Record<string, unknown>[];
  if (triggers.length === 0) return "required key not provided @ data['trigger']";
  for (const trigger of triggers) {
    const platform = String(trigger?.platform ?? trigger?.trigger ?? "");
    if (!KNOWN_PLATFORMS.has(platform)) return `Invalid platform '${platform}' specified`;
  }
  return triggerProblem(c as AutomationConfig);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function text(res: ServerResponse, status: number, value: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(value) });
  res.end(value);
}
