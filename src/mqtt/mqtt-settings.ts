// Decides which broker to connect to from the config: an explicit URL, the Supervisor, or none.
import type { MqttSetting } from "../config/config.js";
import { type MqttBrokerSettings, resolveSupervisorMqtt, type SupervisorAccess } from "./supervisor-mqtt.js";

/**
 * The broker settings for a configured MqttSetting; undefined when MQTT is not configured.
 * Credentials inside an explicit URL (mqtt://user:pass@host) are moved out of the URL.
 */
export async function resolveMqttBroker(
  setting: MqttSetting,
  supervisor: SupervisorAccess | undefined,
  fetchFn?: (input: string, init?: RequestInit) => Promise<Response>,
): Promise<MqttBrokerSettings | undefined> {
  if (setting.kind === "none") return undefined;
  if (setting.kind === "supervisor") {
    if (!supervisor) throw new Error("MQTT from the Supervisor was asked for, but SUPERVISOR_TOKEN is not set");
    return resolveSupervisorMqtt(supervisor, fetchFn);
  }
  const parsed = new URL(setting.url);
  const username = setting.username ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
  const password = setting.password ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined);
  parsed.username = "";
  parsed.password = "";
  return {
    url: parsed.toString().replace(/\/$/, ""),
    username: username || undefined,
    password: password || undefined,
    protocolVersion: 4,
  };
}
