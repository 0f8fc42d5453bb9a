// One Server-Sent Events connection to /api/live for the whole panel, handing each typed event to whoever listens.
import type { AppEvents } from "../../../src/app-events.js";
import type { LiveReady } from "../../../src/web/api-types.js";

export type LiveConnection = "connecting" | "open" | "closed";
type LiveEvents = AppEvents & { ready: LiveReady };
type Handler<T> = (data: T) => void;

export class LiveFeed {
  private source: EventSource | null = null;
  private readonly handlers = new Map<keyof LiveEvents, Set<Handler<never>>>();
  private readonly stateHandlers = new Set<(state: LiveConnection) => void>();
  private retry: number | undefined;
  state: LiveConnection = "closed";
  /** The service's clock minus the browser's: the demo's simulated home runs ahead of real time. */
  private offsetMs = 0;
  /** Service ms per real ms, as the stream said: the demo's home lives `speed` minutes a real minute. */
  speed = 1;

  constructor(private readonly url = "api/live") {}

  start(): void {
    if (this.source) return;
    this.setState("connecting");
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => this.setState("open");
    source.onerror = () => {
      // EventSource retries by itself while CONNECTING; once CLOSED (e.g. a 4xx) it is up to us.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.setState("closed");
        this.retry = window.setTimeout(() => this.start(), 10_000);
      } else {
        this.setState("connecting");
      }
    };
    for (const name of ["ready", "ingested", "rolledUp", "patternsUpdated", "anomaly", "storage"] as const) {
      source.addEventListener(name, (e) => this.dispatch(name, (e as MessageEvent<string>).data));
    }
  }

  stop(): void {
    window.clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
    this.setState("closed");
  }

  /** Now on the service's clock, for "5 min ago" (the browser's own clock until the stream has spoken). */
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  /** Calls fn for each event of that name; returns the function that stops it. */
  on<K extends keyof LiveEvents>(event: K, fn: Handler<LiveEvents[K]>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(fn as Handler<never>);
    this.handlers.set(event, set);
    return () => set.delete(fn as Handler<never>);
  }

  onState(fn: (state: LiveConnection) => void): () => void {
    this.stateHandlers.add(fn);
    return () => this.stateHandlers.delete(fn);
  }

  private dispatch(event: keyof LiveEvents, text: string): void {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    this.followServerClock(event, data);
    for (const fn of this.handlers.get(event) ?? []) (fn as Handler<unknown>)(data);
  }

  /** The stream opens with the server's time; newer events only move it forward (an accelerated demo clock). */
  private followServerClock(event: keyof LiveEvents, data: unknown): void {
    if (event === "ready") {
      const { now, speed } = data as LiveEvents["ready"];
      if (typeof now === "number") this.offsetMs = now - Date.now();
      if (typeof speed === "number" && speed > 0) this.speed = speed;
    } else if (event === "ingested") {
      const newest = (data as LiveEvents["ingested"]).newest;
      if (typeof newest === "number" && newest > this.serverNow()) this.offsetMs = newest - Date.now();
    }
  }

  private setState(state: LiveConnection): void {
    if (this.state === state) return;
    this.state = state;
    for (const fn of this.stateHandlers) fn(state);
  }
}
