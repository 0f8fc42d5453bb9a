// The one way the panel talks to the server: relative URLs (so ingress works), JSON in and out, errors with the server's message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function request<T>(path: string, init: RequestInit, accept: readonly number[] = []): Promise<T> {
  let res: Response;
  try {
    // Relative to <base href>: "api/x" becomes /api/hassio_ingress/<token>/api/x under ingress.
    res = await fetch(path, { ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "Cannot reach Home Patterns. Is the add-on running?");
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // An HTML error page from a proxy: fall through to a status message.
  }
  if (!res.ok && !accept.includes(res.status)) {
    const message = (body as { error?: unknown } | undefined)?.error;
    throw new ApiError(
      res.status,
      typeof message === "string" ? message : `The server answered ${res.status} ${res.statusText}`.trim(),
    );
  }
  return body as T;
}

/** `accept` lists error statuses whose body is still the answer (a 503 health report). */
export function getJson<T>(path: string, signal?: AbortSignal, accept: readonly number[] = []): Promise<T> {
  return request<T>(path, { method: "GET", signal }, accept);
}

export function postJson<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>(path, {
    method: "POST",
    signal,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? "{}" : JSON.stringify(body),
  });
}

/** "?a=1&b=2" from the non-empty values, or "". */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}
