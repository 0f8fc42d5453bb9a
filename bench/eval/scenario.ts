// One simulated home run end to end in memory: rolled up day by day, anomalies replayed online and nightly, detectors at the end.
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { OnlineAnomalyMonitor } from "../../src/detectors/anomaly/online-anomaly-monitor.js";
import { ANOMALY_BASELINE_DAYS, AnomalyDetector } from "../../src/detectors/anomaly-detector.js";
import { DetectorRunner } from "../../src/detectors/detector-runner.js";
import {
  catalogSettings,
  createDetectors,
  type DetectionOptions,
  detectorSettings,
} from "../../src/detectors/registry.js";
import { ROOM_BASED_DEFAULTS } from "../../src/detectors/room-based-detector.js";
import { areaName, entityName } from "../../src/detectors/scoring/wording.js";
import { habitState } from "../../src/layers/kinds/entity-classes.js";
import { L2_KINDS } from "../../src/layers/kinds/index.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Anomaly, Finding } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import {
  type AnomalySetting,
  createSimulatedHome,
  createSimulation,
  type HomeSize,
} from "../../src/sources/simulator/index.js";
import { MemoryAuditLog } from "../../test/support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../../test/support/memory/memory-pattern-store.js";
import { MemoryRegistryStore } from "../../test/support/memory/memory-registry-store.js";
import { DayKindsReader } from "./day-kinds-reader.js";
import { withMeasuredRooms } from "./room-truth.js";
import type { GroundTruth } from "./truth/ground-truth.js";
import type { MeasuredRoomTruth } from "./truth/measured-room-truth.js";
import { groundTruthOf, roomTruthOf } from "./truth/simulation-truth.js";

export interface Scenario {
  name: string;
  seed: number;
  size: HomeSize;
  from: string;
  days: number;
  anomalies: AnomalySetting;
  /** Replay anomalies (online and nightly) from this day index on; undefined: no replay. */
  judgeAnomaliesFrom?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  truth: GroundTruth;
  /** Where the residents really were in the room detector's window. */
  rooms: MeasuredRoomTruth;
  time: LocalTime;
  /** Days of the window the detectors saw at the end. */
  days: string[];
  catalog: StoredPattern[];
  raw: Finding[];
  /** Entities with at least one habit change (not a measurement) in the last 56 days. */
  activeEntities: Set<string>;
  /** Day → "entity|state" reached that day: what the data can show of each routine. */
  reached: Map<string, Set<string>>;
  anomalies: { online: Anomaly[]; nightly: Anomaly[]; all: Anomaly[]; judgedDays: number };
  events: number;
  ms: number;
}

const OPTIONS: DetectionOptions = {
  min_confidence: 0.6,
  max_patterns: 200,
  max_patterns_per_entity: 3,
  anomaly_sensitivity: "medium",
};

export function runScenario(sc: Scenario): ScenarioResult {
  const started = Date.now();
  const options = { seed: sc.seed, size: sc.size, anomalies: sc.anomalies };
  const home = createSimulatedHome(options);
  const registry = new MemoryRegistryStore();
  registry.upsertAreas(home.areas);
  registry.upsertDevices(home.devices);
  registry.upsertEntities(home.entities);
  const areaOf = (e: string) => registry.areaOf(e);
  const time = new LocalTime(home.timeZone);
  const reader = new DayKindsReader(L2_KINDS, time, areaOf);
  const clock = new ManualClock(time.dayBounds(sc.from).start);
  const store = new MemoryPatternStore();
  const log = new AnomalyLog(store, clock, new MemoryAuditLog());
  const logger = createMemoryLogger("error");
  // The monitor tells the bus of everything it raises, from events and from its timers alike.
  const online: Anomaly[] = [];
  const bus = new TypedBus<AppEvents>(logger);
  bus.on("anomaly", "evaluation", (a) => void online.push(a));
  const nameOf = (e: string) => entityName(e, registry);
  const nameOfArea = (a: string) => areaName(a, registry);
  const monitor = new OnlineAnomalyMonitor({
    clock,
    time,
    anomalies: log,
    logger,
    bus,
    areaOf,
    nameOf,
    areaName: nameOfArea,
    sensitivity: "medium",
  });
  const nightlyDetector = new AnomalyDetector();
  const nightly: Anomaly[] = [];
  const activeSince = addDays(sc.from, sc.days - 56);
  const activeEntities = new Set<string>();
  const reached = new Map<string, Set<string>>();
  let events = 0;
  let judgedDays = 0;
  for (let i = 0; i < sc.days; i++) {
    const day = addDays(sc.from, i);
    const dayEvents = home.generateDay(day);
    events += dayEvents.length;
    const judge = sc.judgeAnomaliesFrom !== undefined && i >= sc.judgeAnomaliesFrom;
    if (judge) {
      judgedDays += 1;
      monitor.refreshBaselines(reader, addDays(day, -1));
      for (const e of dayEvents) {
        if (e.ts > clock.now()) clock.set(e.ts);
        monitor.observe([e]);
      }
    }
    clock.set(Math.max(clock.now(), time.dayBounds(day).end));
    reader.addDay(day, dayEvents);
    const today = new Set<string>();
    for (const e of dayEvents) {
      const state = e.previous !== e.state ? habitState(e.entity, e.state) : null;
      if (state === null) continue;
      today.add(`${e.entity}|${state}`);
      if (day >= activeSince) activeEntities.add(e.entity);
    }
    reached.set(day, today);
    if (judge) {
      const input = {
        reader,
        from: addDays(day, -ANOMALY_BASELINE_DAYS),
        to: day,
        time,
        registry,
        settings: { sensitivity: "medium" },
      };
      for (const a of nightlyDetector.detectAnomalies(input)) {
        const r = log.raise(a);
        if (r?.isNew) nightly.push(r.anomaly);
      }
    }
  }
  monitor.stop();
  const catalog = new PatternCatalog(store, clock, new MemoryAuditLog(), catalogSettings(OPTIONS));
  const runner = new DetectorRunner({
    detectors: createDetectors({}),
    reader,
    catalog,
    anomalies: new AnomalyLog(new MemoryPatternStore(), clock, new MemoryAuditLog()),
    registry,
    time,
    clock,
    logger,
    settings: detectorSettings(OPTIONS),
  });
  const last = addDays(sc.from, sc.days - 1);
  const report = runner.run({ to: last });
  // Rooms are judged against where the residents really were in the room detector's window.
  const roomDays = Math.min(sc.days, ROOM_BASED_DEFAULTS.windowDays);
  // The eval reads the same seeded plans the home generated its events from.
  const simulation = createSimulation(options);
  const rooms = roomTruthOf(simulation, addDays(last, 1 - roomDays), roomDays);
  const truth = withMeasuredRooms(groundTruthOf(simulation, sc.from, sc.days), rooms);
  return {
    scenario: sc,
    truth,
    rooms,
    time,
    days: reader.coveredDays(sc.from, last),
    catalog: catalog.list(),
    raw: report.findings,
    activeEntities,
    reached,
    anomalies: { online, nightly, all: log.list(), judgedDays },
    events,
    ms: Date.now() - started,
  };
}
