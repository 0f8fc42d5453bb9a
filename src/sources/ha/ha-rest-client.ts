// Home Assistant's REST API, for what the websocket cannot do: saving automations (suggestions the user accepts).
import type { HaState } from "./ha-messages.js";

export interface HaRestClientOptions {
  /** http://supervisor/core/api under the Supervisor; HA_URL + "/api" standalone (see haApiBaseUrl). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** A non-2xx answer, with HA's own message ("Message malformed: ...", "401: Unauthorized"). */
export class HaRestError extends Error {
  constructor(
    readonly status: number,
    readonly haMessage: string,
    readonly path: string,
  ) {
    super(`Home Assistant answered ${status} to ${path}: ${haMessage}`);
    this.name = "HaRestError";
  }
}

/** The REST base for a Home Assistant URL as the user configures it (http, ws or the Supervisor's). */
export function haApiBaseUrl(haUrl: string): string {
  let base = haUrl
    .trim()
    .replace(/\/+$/, "")
    .replace(/^ws(s?):\/\//, "http$1://");
  base = base.replace(/\/(api\/)?websocket$/, "");
  return base.endsWith("/api") ? base : `${base}/api`;
}

/** An automation as HA's automation editor stores it (trigger/condition/action lists). */
export interface AutomationConfig {
  alias: string;
  description?: string;
  trigger: unknown[];
  condition?: unknown[];
  action: unknown[];
  mode?: string;
  [key: string]: unknown;
}

export class HaRestClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HaRestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchFn = options.fetch ?? fetch;
  }

  /**
   * Creates or replaces automation `id` in automations.yaml. HA reloads automations by itself;
   * the automation.<slug of alias> entity appears a moment later, not in the same instant.
   */
  async saveAutomation(id: string, config: AutomationConfig): Promise<void> {
    await this.request("POST", `/config/automation/config/${encodeURIComponent(id)}`, config);
  }

  /** The stored config of automation `id`, or undefined when HA has none. */
  async getAutomation(id: string): Promise<AutomationConfig | undefined> {
    return this.request<AutomationConfig>(
      "GET",
      `/config/automation/config/${encodeURIComponent(id)}`,
      undefined,
      true,
    );
  }

  async getStates(): Promise<HaState[]> {
    return (await this.request<HaState[]>("GET", "/states")) ?? [];
  }

  async getState(entityId: string): Promise<HaState | undefined> {
    return this.request<HaState>("GET", `/states/${encodeURIComponent(entityId)}`, undefined, true);
  }

  async fireEvent(eventType: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.request("POST", `/events/${encodeURIComponent(eventType)}`, data);
  }

  private async request<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    missingIsUndefined = false,
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await this.fetchFn(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 404 && missingIsUndefined) return undefined;
    if (!response.ok) throw new HaRestError(response.status, messageOf(text), path);
    if (text === "") return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new HaRestError(response.status, `answer is not JSON: ${text.slice(0, 200)}`, path);
    }
  }
}

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === "string") return parsed.message;
  } catch {
    // HA answers some errors as text/plain ("401: Unauthorized").
  }
  return text.slice(0, 200) || "no message";
}
