// Toggles input booleans at a steady rate through HA's websocket, whatever restarts happen meanwhile.
import type { RealHaLink } from "./real-ha-link.js";

export class ChangeLoad {
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  sent = 0;
  failed = 0;

  constructor(
    private readonly ha: RealHaLink,
    private readonly entities: string[],
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const entity = this.entities[this.next++ % this.entities.length];
      this.ha
        .command({ type: "call_service", domain: "input_boolean", service: "toggle", target: { entity_id: entity } })
        .then(
          () => this.sent++,
          () => this.failed++,
        );
    }, 1000 / this.perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
