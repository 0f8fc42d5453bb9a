// Which automation a Home Assistant context belongs to: its run's own context, and the contexts of scripts it started.
import type { HaContextEvent } from "../sources/ha/ha-event-mapping.js";

export const DEFAULT_MAX_RUNS = 10_000;

/**
 * An automation run fires automation_triggered with a fresh context; the service calls it makes
 * carry that same context, the state changes they cause carry it as their own context id, and a
 * script it starts gets a child context whose parent is the run's. Remembering the newest runs
 * (a bounded map, oldest forgotten first) is enough: effects follow their run within seconds.
 */
export class AutomationRuns {
  private readonly byContext = new Map<string, string>();

  constructor(private readonly maxRuns: number = DEFAULT_MAX_RUNS) {}

  /** Learns from a context event; returns the automation it belongs to, if any. */
  observe(event: HaContextEvent): string | undefined {
    if (event.kind === "automation_triggered") {
      this.remember(event.context.id, event.automation);
      return event.automation;
    }
    const automation = this.resolve(event.context.id, event.context.parentId);
    if (automation) this.remember(event.context.id, automation);
    return automation;
  }

  /** The automation behind a change with this context id and parent id, if it is one we saw start. */
  resolve(context: string | undefined, parent: string | undefined): string | undefined {
    return (
      (context !== undefined ? this.byContext.get(context) : undefined) ??
      (parent !== undefined ? this.byContext.get(parent) : undefined)
    );
  }

  private remember(context: string, automation: string): void {
    this.byContext.delete(context);
    this.byContext.set(context, automation);
    while (this.byContext.size > this.maxRuns) {
      const oldest = this.byContext.keys().next().value as string;
      this.byContext.delete(oldest);
    }
  }
}
