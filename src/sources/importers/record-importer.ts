// A record-based history (a database, not a file) as an EventSource: reads it in chunks after a saved position, counting and reporting as it goes.
import { errorMessage } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import type { EventSink, SourceState, SourceStatus } from "../event-source.js";
import type { Importer, ImportProgress, ImportReport } from "./file-importer.js";

/** One chunk of records read from the source, in the source's own order. */
export interface RecordChunk {
  events: HomeEvent[];
  /** Records that could not become an event: where they are and why. */
  rejected: { at: string; reason: string }[];
  /** How many records the chunk covered (events, rejected and records that are not state changes). */
  records: number;
  /** Records left out on purpose, by reason ("attribute update"): counted in the summary. */
  skipped?: Record<string, number>;
  /** Where the next chunk starts: saved as the resume point once the chunk is stored. */
  position: string;
}

export interface RecordSource {
  /** What is read, for messages ("home-assistant_v2.db", "influxdb home_assistant"). */
  readonly target: string;
  /** Records after `after` (all when undefined), when the source can count them cheaply. */
  count(after: string | undefined): Promise<number | null>;
  chunks(after: string | undefined): AsyncIterable<RecordChunk>;
  close?(): Promise<void> | void;
}

export interface RecordImporterOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Where an earlier, interrupted import of the same source stopped. */
  resumeFrom?: string;
  /** Called after each chunk was pushed: store what is buffered, then remember the position. */
  checkpoint?: (position: string) => void;
  maxReportedErrors?: number;
  logger?: Logger;
}

/**
 * Like the file importer, `start` reads everything and resolves when done. Progress counts records
 * (linesRead, and bytesRead/totalBytes as records done of records to do).
 */
export interface RecordImporter extends Importer {
  /** Records left out on purpose, by reason. */
  skipped(): Record<string, number>;
}

export function createRecordImporter(
  name: string,
  source: RecordSource,
  options: RecordImporterOptions = {},
): RecordImporter {
  const skipped: Record<string, number> = {};
  const maxErrors = options.maxReportedErrors ?? 5;
  const logger = options.logger?.child(name);
  const progress: ImportProgress = { linesRead: 0, bytesRead: 0, totalBytes: 0, events: 0, malformed: 0, skipped: 0 };
  const malformedByReason: Record<string, number> = {};
  // One record is one state change: a record with an event is an event.
  let linesWithEvents = 0;
  const errors: ImportReport["errors"] = [];
  const entities = new Set<string>();
  let firstEventAt: number | undefined;
  let lastEventAt: number | undefined;
  let failure: string | undefined;
  let state: SourceState = "stopped";
  let stopRequested = false;
  let running: Promise<void> | undefined;

  const run = async (sink: EventSink) => {
    progress.totalBytes = (await source.count(options.resumeFrom)) ?? 0;
    for await (const chunk of source.chunks(options.resumeFrom)) {
      for (const event of chunk.events) {
        sink.push(event);
        progress.events++;
        linesWithEvents++;
        entities.add(event.entity);
        if (firstEventAt === undefined || event.ts < firstEventAt) firstEventAt = event.ts;
        if (lastEventAt === undefined || event.ts > lastEventAt) lastEventAt = event.ts;
      }
      for (const r of chunk.rejected) {
        progress.malformed++;
        malformedByReason[r.reason] = (malformedByReason[r.reason] ?? 0) + 1;
        if (errors.length < maxErrors) errors.push({ line: progress.linesRead + 1, reason: `${r.at}: ${r.reason}` });
        sink.reject(name, `${r.at}: ${r.reason}`, r.reason);
      }
      for (const [reason, n] of Object.entries(chunk.skipped ?? {})) {
        skipped[reason] = (skipped[reason] ?? 0) + n;
        progress.skipped += n;
      }
      progress.linesRead += chunk.records;
      progress.bytesRead = progress.linesRead;
      options.checkpoint?.(chunk.position);
      options.onProgress?.({ ...progress });
      if (stopRequested) return;
      // A chunk at a time: the service keeps answering while a long history streams in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  return {
    name,
    file: source.target,
    async start(sink) {
      if (running) throw new Error(`${name}: an importer reads its source once`);
      state = "connected";
      const work = run(sink);
      running = work.then(
        () => undefined,
        () => undefined,
      );
      try {
        await work;
      } catch (err) {
        state = "error";
        failure = `cannot read ${source.target}: ${errorMessage(err)}`;
        logger?.error("import failed", { source: source.target, error: failure });
        throw new Error(failure);
      } finally {
        await source.close?.();
      }
      state = stopRequested ? "stopped" : "finished";
      logger?.info("import finished", { source: source.target, ...progress });
    },
    async stop() {
      stopRequested = true;
      await running;
      if (state !== "finished" && state !== "error") state = "stopped";
    },
    status(): SourceStatus {
      const pct = progress.totalBytes > 0 ? Math.floor((100 * progress.linesRead) / progress.totalBytes) : 0;
      const detail = `${source.target}: ${progress.linesRead} of ${progress.totalBytes} records (${pct}%), ${progress.events} events, ${progress.malformed} malformed`;
      return {
        name,
        state,
        detail: failure ? `${detail}; ${failure}` : detail,
        lastEventAt,
        eventsDelivered: progress.events,
      };
    },
    skipped: () => ({ ...skipped }),
    report() {
      return {
        ...progress,
        errors: [...errors],
        linesWithEvents,
        malformedByReason: { ...malformedByReason },
        skippedByReason: { ...skipped },
        entities: [...entities].sort(),
        firstEventAt,
        lastEventAt,
        failure,
      };
    },
  };
}
