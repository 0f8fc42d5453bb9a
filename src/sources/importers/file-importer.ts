// An import file as an EventSource: streams it line by line into the sink, counting and reporting as it goes.
import { stat } from "node:fs/promises";
import { errorMessage, InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import type { EventSink, EventSource, SourceState, SourceStatus } from "../event-source.js";
import { FatalImportError, type LineParser } from "./line-parser.js";
import { readLines } from "./line-reader.js";

export interface ImportProgress {
  linesRead: number;
  bytesRead: number;
  totalBytes: number;
  events: number;
  malformed: number;
}

export interface ImportReport extends ImportProgress {
  /** The first few malformed lines, with their line numbers. */
  errors: { line: number; reason: string }[];
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
  const progress: ImportProgress = { linesRead: 0, bytesRead: 0, totalBytes: 0, events: 0, malformed: 0 };
  const errors: ImportReport["errors"] = [];
  const entities = new Set<string>();
  let firstEventAt: number | undefined;
  let lastEventAt: number | undefined;
  let failure: string | undefined;
  let state: SourceState = "stopped";
  let stopRequested = false;
  let running: Promise<void> | undefined;

  const deliver = (sink: EventSink, events: HomeEvent[]) => {
    for (const event of events) {
      sink.push(event);
      progress.events++;
      entities.add(event.entity);
      if (firstEventAt === undefined || event.ts < firstEventAt) firstEventAt = event.ts;
      if (lastEventAt === undefined || event.ts > lastEventAt) lastEventAt = event.ts;
    }
  };

  const malformed = (sink: EventSink, line: number, reason: string) => {
    progress.malformed++;
    if (errors.length < maxErrors) {
      errors.push({ line, reason });
      logger?.warn("malformed line skipped", { file, line, reason });
    }
    sink.reject(name, `line ${line}: ${reason}`);
  };

  const report = (): ImportProgress => ({ ...progress });

  const run = async (sink: EventSink) => {
    progress.totalBytes = (await stat(file)).size;
    for await (const line of readLines(file)) {
      if (stopRequested) return;
      progress.linesRead = line.number;
      progress.bytesRead = line.bytesRead;
      try {
        deliver(sink, parser.line(line.text, line.number));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        malformed(sink, line.number, err.message);
      }
      if (line.number % every === 0) options.onProgress?.(report());
    }
    try {
      deliver(sink, parser.end());
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      malformed(sink, progress.linesRead, err.message);
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
      await running;
      if (state !== "finished" && state !== "error") state = "stopped";
    },
    status(): SourceStatus {
      return { name, state, detail: describe(file, progress, failure), lastEventAt, eventsDelivered: progress.events };
    },
    report() {
      return { ...progress, errors: [...errors], entities: [...entities].sort(), firstEventAt, lastEventAt, failure };
    },
  };
}

function describe(file: string, p: ImportProgress, failure: string | undefined): string {
  const mb = (n: number) => (n / 1_048_576).toFixed(1);
  const percent = p.totalBytes > 0 ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
  const text = `${file}: ${p.linesRead} lines, ${mb(p.bytesRead)} of ${mb(p.totalBytes)} MB (${percent}%), ${p.events} events, ${p.malformed} malformed`;
  return failure ? `${text}; ${failure}` : text;
}
