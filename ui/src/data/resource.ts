// A value loaded from the API with its four states; refreshes keep the last value on screen, also
// when they fail. A new question (other filters) that fails shows no answer to the old one.
import type { ReactiveController, ReactiveControllerHost } from "lit";

export type LoadState<T> =
  | { status: "idle" }
  | { status: "loading"; data?: T }
  | { status: "ready"; data: T }
  | { status: "error"; error: string; data?: T };

export class Resource<T> implements ReactiveController {
  state: LoadState<T> = { status: "idle" };
  private controller: AbortController | null = null;
  private lastRefresh = 0;
  private refreshTimer: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: (signal: AbortSignal) => Promise<T>,
  ) {
    host.addController(this);
  }

  get data(): T | undefined {
    return "data" in this.state ? this.state.data : undefined;
  }

  /**
   * Loads (again); a newer call wins over one still running. A run asks a new question (the view's
   * filters changed): when it fails, the value it replaces is dropped, since it answers the old
   * one. A refresh asks the same question again and keeps the value on a failure.
   */
  async run(options: { again?: boolean } = {}): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.state = { status: "loading", data: this.data };
    this.host.requestUpdate();
    try {
      const data = await this.load(controller.signal);
      if (controller.signal.aborted) return;
      this.state = { status: "ready", data };
    } catch (err) {
      if (controller.signal.aborted) return;
      const error = err instanceof Error ? err.message : String(err);
      this.state = options.again ? { status: "error", error, data: this.data } : { status: "error", error };
    }
    this.lastRefresh = Date.now();
    this.host.requestUpdate();
  }

  /** A live update asks for fresh data: at most once per `minGapMs`, the last request honoured. */
  refresh(minGapMs = 0): void {
    if (this.state.status === "idle") return;
    window.clearTimeout(this.refreshTimer);
    const wait = Math.max(0, this.lastRefresh + minGapMs - Date.now());
    this.refreshTimer = window.setTimeout(() => void this.run({ again: true }), wait);
  }

  /** Forget the value (the view's subject changed). */
  reset(): void {
    this.controller?.abort();
    window.clearTimeout(this.refreshTimer);
    this.state = { status: "idle" };
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.controller?.abort();
    window.clearTimeout(this.refreshTimer);
  }
}
