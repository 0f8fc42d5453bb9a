// Toggles input booleans at a steady rate through HA's websocket, whatever restarts happen meanwhile.
import type { RealHaLink } from "./real-ha-link.js";

export class ChangeLoad {
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private busy = 0;
  sent = 0;
  failed = 0;
  skipped = 0;

  constructor(
    private readonly ha: RealHaLink,
    private readonly entities: string[],
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A person does not queue toggles: while HA is slow (starting up) none pile up to run in one burst.
      if (this.busy >= this.entities.length) {
        this.skipped++;
        return;
      }
      const entity = this.entities[this.next++ % this.entities.length];
      this.busy++;
      this.ha
        .command({ type: "call_service", domain: "input_boolean", service: "toggle", target: { entity_id: entity } })
        .then(
          () => this.sent++,
          () => this.failed++,
        )
        .finally(() => this.busy--);
    }, 1000 / this.perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
