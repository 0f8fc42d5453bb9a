// A value loaded from the API with its four states; refreshes keep the last value on screen.
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

  /** Loads (again); a newer call wins over one still running. */
  async run(): Promise<void> {
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
      this.state = { status: "error", error: err instanceof Error ? err.message : String(err), data: this.data };
    }
    this.lastRefresh = Date.now();
    this.host.requestUpdate();
  }

  /** A live update asks for fresh data: at most once per `minGapMs`, the last request honoured. */
  refresh(minGapMs = 0): void {
    if (this.state.status === "idle") return;
    window.clearTimeout(this.refreshTimer);
    const wait = Math.max(0, this.lastRefresh + minGapMs - Date.now());
    this.refreshTimer = window.setTimeout(() => void this.run(), wait);
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
