// A second websocket client of the fake HA, as an automation or Developer tools → Events would listen.
import { WebSocket } from "ws";

export interface ReceivedEvent {
  event_type: string;
  data: Record<string, unknown>;
  origin: string;
  time_fired: string;
  context: { id: string; parent_id: string | null; user_id: string | null };
}

export interface BusSubscriber {
  readonly events: ReceivedEvent[];
  close(): void;
}

/** Authenticates, sends subscribe_events for one event type, and resolves once HA confirmed it. */
export function subscribeToBus(wsUrl: string, token: string, eventType: string): Promise<BusSubscriber> {
  const socket = new WebSocket(wsUrl);
  const events: ReceivedEvent[] = [];
  const subscriber: BusSubscriber = { events, close: () => socket.terminate() };
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("message", (raw) => {
      const parsed = JSON.parse(raw.toString()) as unknown;
      for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[]) {
        if (message.type === "auth_required") socket.send(JSON.stringify({ type: "auth", access_token: token }));
        else if (message.type === "auth_ok")
          socket.send(JSON.stringify({ id: 1, type: "subscribe_events", event_type: eventType }));
        else if (message.type === "auth_invalid") reject(new Error(String(message.message)));
        else if (message.type === "result" && message.id === 1) {
          if (message.success) resolve(subscriber);
          else reject(new Error(JSON.stringify(message.error)));
        } else if (message.type === "event" && message.id === 1) events.push(message.event as ReceivedEvent);
      }
    });
  });
}
