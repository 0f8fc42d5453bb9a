// Asks the Home Assistant Supervisor which MQTT broker to use (GET /services/mqtt).

/** Where and how to connect to a broker, whichever way it was found. */
export interface MqttBrokerSettings {
  /** mqtt://host:port or mqtts://host:port, without credentials. */
  url: string;
  username?: string;
  password?: string;
  /** 3 = MQTT 3.1, 4 = 3.1.1. */
  protocolVersion: 3 | 4 | 5;
  /** The add-on (app) that provides the broker, e.g. "core_mosquitto", when the Supervisor says. */
  provider?: string;
}

export class SupervisorMqttError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SupervisorMqttError";
  }
}

export interface SupervisorAccess {
  /** e.g. http://supervisor */
  url: string;
  token: string;
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** Resolves the broker the Supervisor knows about; every failure is a SupervisorMqttError that says what to do. */
export async function resolveSupervisorMqtt(
  supervisor: SupervisorAccess,
  fetchFn: FetchFn = globalThis.fetch,
): Promise<MqttBrokerSettings> {
  const endpoint = `${supervisor.url.replace(/\/+$/, "")}/services/mqtt`;
  let response: Response;
  try {
    response = await fetchFn(endpoint, {
      headers: { Authorization: `Bearer ${supervisor.token}`, Accept: "application/json" },
    });
  } catch (err) {
    throw new SupervisorMqttError(`Cannot reach the Supervisor at ${endpoint}: ${(err as Error).message}`);
  }
  const text = await response.text();
  let body: { result?: unknown; message?: unknown; data?: unknown } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const message = typeof body?.message === "string" ? body.message : text.trim().slice(0, 200);

  if (response.status === 401) {
    throw new SupervisorMqttError(
      `The Supervisor rejected the token (401) at ${endpoint}: is SUPERVISOR_TOKEN current?`,
    );
  }
  if (response.status === 403 || /no access to mqtt/i.test(message)) {
    throw new SupervisorMqttError(
      `No access to the Supervisor's MQTT service (${response.status} "${message}"): the add-on's config.yaml needs "services: [mqtt:want]".`,
    );
  }
  if (/service not enabled/i.test(message)) {
    throw new SupervisorMqttError(
      `No MQTT broker is installed ("${message}"): install the Mosquitto broker add-on, or set MQTT_URL, or clear the mqtt_topics option.`,
    );
  }
  if (!response.ok || body?.result !== "ok") {
    throw new SupervisorMqttError(
      `The Supervisor answered ${response.status} for ${endpoint}: ${message || "no message"}`,
    );
  }
  return brokerFromServiceData(body.data);
}

/** Turns the service's `data` ({host, port, ssl, protocol, username, password, addon|app}) into settings. */
export function brokerFromServiceData(data: unknown): MqttBrokerSettings {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.host !== "string" || d.host === "") {
    throw new SupervisorMqttError(`The Supervisor's MQTT service has no host: ${JSON.stringify(data)}`);
  }
  const port = typeof d.port === "number" ? d.port : Number(d.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SupervisorMqttError(`The Supervisor's MQTT service has no valid port: ${JSON.stringify(d.port)}`);
  }
  const host = d.host.includes(":") && !d.host.startsWith("[") ? `[${d.host}]` : d.host;
  const ssl = d.ssl === true || d.ssl === "true";
  const provider = typeof d.addon === "string" ? d.addon : typeof d.app === "string" ? d.app : undefined;
  return {
    url: `${ssl ? "mqtts" : "mqtt"}://${host}:${port}`,
    username: typeof d.username === "string" && d.username !== "" ? d.username : undefined,
    password: typeof d.password === "string" && d.password !== "" ? d.password : undefined,
    protocolVersion: d.protocol === "3.1" ? 3 : d.protocol === "5" || d.protocol === "5.0" ? 5 : 4,
    provider,
  };
}
