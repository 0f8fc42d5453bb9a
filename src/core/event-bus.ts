// A typed in-process bus: a failing listener is logged by name and never stops the others.
import type { Logger } from "./logger.js";

type Listener<T> = (payload: T) => void | Promise<void>;

export class TypedBus<Events extends object> {
  private listeners = new Map<keyof Events, { name: string; fn: Listener<never> }[]>();

  constructor(private readonly logger: Logger) {}

  on<K extends keyof Events>(event: K, name: string, fn: Listener<Events[K]>): () => void {
    const list = this.listeners.get(event) ?? [];
    const entry = { name, fn: fn as Listener<never> };
    list.push(entry);
    this.listeners.set(event, list);
    return () => {
      const current = this.listeners.get(event) ?? [];
      this.listeners.set(
        event,
        current.filter((e) => e !== entry),
      );
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const { name, fn } of this.listeners.get(event) ?? []) {
      try {
        const result = (fn as Listener<Events[K]>)(payload);
        if (result instanceof Promise) {
          result.catch((err) => this.report(String(event), name, err));
        }
      } catch (err) {
        this.report(String(event), name, err);
      }
    }
  }

  private report(event: string, listener: string, err: unknown): void {
    this.logger.error("bus listener failed", {
      event,
      listener,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
