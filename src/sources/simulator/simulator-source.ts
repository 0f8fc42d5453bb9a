// The simulated home as a live EventSource: backfills recent days, then plays events as simulated time passes.
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { addDays, LocalTime } from "../../core/local-time.js";
import type { Logger } from "../../core/logger.js";
import type { EventSink, EventSource, SourceState, SourceStatus } from "../event-source.js";
import { createAcceleratedClock } from "./accelerated-clock.js";
import { createSimulatedHome, type SimulatedHome } from "./simulated-home.js";
import type { SimulatorOptions } from "./simulation.js";

/** Timers fire at most this often (real ms): at high speed several events go out per tick. */
const MIN_TICK_REAL_MS = 10;

export interface SimulatorSourceOptions extends SimulatorOptions {
  /** The real clock (systemClock, or a ManualClock in tests). */
  clock: Clock;
  /** Simulated ms per real ms: 60 plays one simulated minute per real second. Default 60. */
  speed?: number;
  /** Whole local days delivered at start, before today's events so far. Default 14. */
  backfillDays?: number;
  /** Simulated time at creation. Default: the real clock's now. */
  startAt?: number;
  /** Events at or before this instant are not delivered (already stored by an earlier run). */
  deliverAfter?: number;
  /** Reuse an already built home (same seed and options) instead of building one. */
  home?: SimulatedHome;
  logger?: Logger;
  /** Source name in status and logs. Default "simulator". */
  name?: string;
}

export interface SimulatorSource extends EventSource {
  readonly home: SimulatedHome;
  /** Simulated time. The demo should run its scheduler on this clock too. */
  readonly clock: Clock;
}

export function createSimulatorSource(options: SimulatorSourceOptions): SimulatorSource {
  const speed = options.speed ?? 60;
  const backfillDays = options.backfillDays ?? 14;
  if (!Number.isInteger(backfillDays) || backfillDays < 0)
    throw new RangeError(`backfillDays must be a whole number ≥ 0, got ${backfillDays}`);
  const home = options.home ?? createSimulatedHome(options);
  const clock = createAcceleratedClock(options.clock, speed, options.startAt);
  const local = new LocalTime(home.timeZone);
  const name = options.name ?? "simulator";
  const deliverAfter = options.deliverAfter ?? -Infinity;
  const logger = options.logger;

  let state: SourceState = "stopped";
  let detail: string | undefined;
  let delivered = 0;
  let lastEventAt: number | undefined;
  let sink: EventSink | null = null;
  let timer: TimerHandle | null = null;
  let running = false;
  let day = "";
  let queue: HomeEvent[] = [];
  let next = 0;

  const deliver = (event: HomeEvent) => {
    if (event.ts <= deliverAfter || !sink) return;
    try {
      sink.push(event);
    } catch (err) {
      logger?.error("sink rejected a simulated event", { entity: event.entity, error: errorMessage(err) });
    }
    delivered++;
    lastEventAt = event.ts;
  };

  /** Delivers everything due by simulated now, moving on to the next day when this one is played out. */
  const tick = () => {
    timer = null;
    if (!running) return;
    const now = clock.now();
    let wakeAt: number;
    for (;;) {
      while (next < queue.length && queue[next].ts <= now) deliver(queue[next++]);
      if (next < queue.length) {
        wakeAt = queue[next].ts;
        break;
      }
      // This day is played out: the next one's events all come later.
      day = addDays(day, 1);
      queue = home.generateDay(day);
      next = 0;
      const { end } = local.dayBounds(day);
      if (queue.length === 0 && end > now) {
        wakeAt = end;
        break;
      }
    }
    timer = clock.setTimeout(tick, Math.max(wakeAt - clock.now(), MIN_TICK_REAL_MS * speed));
  };

  const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

  return {
    name,
    home,
    clock,
    async start(target: EventSink): Promise<void> {
      if (running) return;
      running = true;
      sink = target;
      state = "starting";
      const today = local.dayOf(clock.now());
      for (let i = backfillDays; i >= 1 && running; i--) {
        const backDay = addDays(today, -i);
        detail = `backfilling ${backDay} (${backfillDays - i + 1}/${backfillDays})`;
        for (const event of home.generateDay(backDay)) deliver(event);
        await yieldToEventLoop();
      }
      if (!running) return;
      day = today;
      queue = home.generateDay(today);
      next = 0;
      state = "connected";
      detail = `simulated home (${home.size}, seed ${home.seed}) at ${speed}× speed`;
      logger?.info("simulated home running", {
        seed: home.seed,
        size: home.size,
        speed,
        backfillDays,
        events: delivered,
      });
      tick();
    },
    async stop(): Promise<void> {
      running = false;
      timer?.cancel();
      timer = null;
      sink = null;
      state = "stopped";
      detail = undefined;
    },
    status(): SourceStatus {
      return { name, state, detail, lastEventAt, eventsDelivered: delivered };
    },
  };
}
