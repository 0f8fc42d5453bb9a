// An import file as an EventSource: streams it line by line into the sink, counting and reporting as it goes.
import { stat } from "node:fs/promises";
import { errorMessage, InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import { normalizeEvent } from "../../ingest/normalize.js";
import type { EventSink, EventSource, SourceState, SourceStatus } from "../event-source.js";
import { FatalImportError, type LineOutcome, type LineParser } from "./line-parser.js";
import { readLines } from "./line-reader.js";

export interface ImportProgress {
  linesRead: number;
  bytesRead: number;
  totalBytes: number;
  /** Events handed to ingest (a line may hold several). */
  events: number;
  /** Lines that were refused, with a reason. */
  malformed: number;
  /** Lines that are not events and not errors (a header, a blank line, a repeated state). */
  skipped: number;
}

export interface ImportReport extends ImportProgress {
  /** The first few malformed lines, with their line numbers. */
  errors: { line: number; reason: string }[];
  /** Lines that held at least one event. */
  linesWithEvents: number;
  malformedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
  /** Every entity that produced an event: what needs an area. */
  entities: string[];
  firstEventAt?: number;
  lastEventAt?: number;
  /** Set when the import stopped early: the file is not of this format, or it could not be read. */
  failure?: string;
}

export interface ImporterOptions {
  /** Called every `progressEveryLines` lines and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  progressEveryLines?: number;
  /** How many malformed lines are kept with their reason (all are counted). Default 5. */
  maxReportedErrors?: number;
  logger?: Logger;
  /** The importing clock: events more than a day after it are refused here, with their line. */
  now?: () => number;
}

export interface Importer extends EventSource {
  readonly file: string;
  report(): ImportReport;
}

/**
 * `start` reads the whole file and resolves when it is done (state "finished"), or rejects when
 * the file cannot be read or is not of this format (state "error"). Each malformed line goes to
 * `sink.reject` as "line N: reason" and is skipped.
 */
export function createFileImporter(
  name: string,
  file: string,
  parser: LineParser,
  options: ImporterOptions = {},
): Importer {
  const every = Math.max(1, options.progressEveryLines ?? 10_000);
  const maxErrors = options.maxReportedErrors ?? 5;
  const logger = options.logger?.child(name);
  const progress: ImportProgress = { linesRead: 0, bytesRead: 0, totalBytes: 0, events: 0, malformed: 0, skipped: 0 };
  const malformedByReason: Record<string, number> = {};
  const skippedByReason: Record<string, number> = {};
  let linesWithEvents = 0;
  const errors: ImportReport["errors"] = [];
  const entities = new Set<string>();
  let firstEventAt: number | undefined;
  let lastEventAt: number | undefined;
  let failure: string | undefined;
  let state: SourceState = "stopped";
  let stopRequested = false;
  const halt = new AbortController();
  let running: Promise<void> | undefined;

  /**
   * The rules ingest applies to every event (time between 2000 and tomorrow, HA's 255-character
   * limits) are checked here first, so a line whose events are all refused is counted once with
   * its line number. In a line that also holds good events, ingest refuses and counts the bad ones.
   */
  const deliver = (sink: EventSink, line: number, events: HomeEvent[]) => {
    const now = options.now?.() ?? Number.POSITIVE_INFINITY;
    const checked = events.map((e) => normalizeEvent(e, now));
    const firstGood = checked.findIndex((c) => c.ok);
    if (firstGood < 0) {
      const refusal = checked[0] as { reason: string; detail: string };
      malformed(sink, line, refusal.reason, refusal.detail);
      return;
    }
    linesWithEvents++;
    for (const [i, event] of events.entries()) {
      const c = checked[i];
      sink.push(c.ok ? c.event : event);
      progress.events++;
      if (!c.ok) continue;
      entities.add(event.entity);
      if (firstEventAt === undefined || event.ts < firstEventAt) firstEventAt = event.ts;
      if (lastEventAt === undefined || event.ts > lastEventAt) lastEventAt = event.ts;
    }
  };

  const malformed = (sink: EventSink, line: number, reason: string, detail: string) => {
    progress.malformed++;
    malformedByReason[reason] = (malformedByReason[reason] ?? 0) + 1;
    if (errors.length < maxErrors) {
      errors.push({ line, reason: detail });
      logger?.warn("malformed line skipped", { file, line, reason: detail });
    }
    sink.reject(name, `line ${line}: ${detail}`, reason);
  };

  const settle = (sink: EventSink, outcomes: LineOutcome[]) => {
    for (const o of outcomes) {
      if (o.kind === "events") deliver(sink, o.line, o.events);
      else if (o.kind === "malformed") malformed(sink, o.line, o.reason, o.detail);
      else {
        progress.skipped++;
        skippedByReason[o.reason] = (skippedByReason[o.reason] ?? 0) + 1;
      }
    }
  };

  const report = (): ImportProgress => ({ ...progress });

  const run = async (sink: EventSink) => {
    progress.totalBytes = (await stat(file)).size;
    for await (const line of readLines(file, halt.signal)) {
      if (stopRequested) return;
      progress.linesRead = line.number;
      progress.bytesRead = line.bytesRead;
      try {
        settle(sink, parser.line(line.text, line.number));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        malformed(sink, line.number, err.reason, err.message);
      }
      if (line.number % every === 0) options.onProgress?.(report());
    }
    if (stopRequested) return;
    try {
      settle(sink, parser.end());
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      malformed(sink, progress.linesRead, err.reason, err.message);
    }
  };

  return {
    name,
    file,
    async start(sink) {
      if (running) throw new Error(`${name}: an importer reads its file once`);
      state = "starting";
      const work = run(sink);
      running = work.then(
        () => undefined,
        () => undefined,
      );
      state = "connected";
      try {
        await work;
      } catch (err) {
        state = "error";
        failure = err instanceof FatalImportError ? err.message : `cannot read ${file}: ${errorMessage(err)}`;
        logger?.error("import failed", { file, error: failure });
        options.onProgress?.(report());
        throw err instanceof FatalImportError ? new InputError(`${file}: ${failure}`) : new Error(failure);
      }
      state = stopRequested ? "stopped" : "finished";
      options.onProgress?.(report());
      logger?.info("import finished", { file, ...progress });
    },
    async stop() {
      stopRequested = true;
      halt.abort();
      await running;
      if (state !== "finished" && state !== "error") state = "stopped";
    },
    status(): SourceStatus {
      return { name, state, detail: describe(file, progress, failure), lastEventAt, eventsDelivered: progress.events };
    },
    report() {
      return {
        ...progress,
        linesWithEvents,
        malformedByReason: { ...malformedByReason },
        skippedByReason: { ...skippedByReason },
        errors: [...errors],
        entities: [...entities].sort(),
        firstEventAt,
        lastEventAt,
        failure,
      };
    },
  };
}

function describe(file: string, p: ImportProgress, failure: string | undefined): string {
  const mb = (n: number) => (n / 1_048_576).toFixed(1);
  const percent = p.totalBytes > 0 ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
  const text = `${file}: ${p.linesRead} lines, ${mb(p.bytesRead)} of ${mb(p.totalBytes)} MB (${percent}%), ${p.events} events, ${p.malformed} malformed`;
  return failure ? `${text}; ${failure}` : text;
}
