// import_recorder_at_first_start: reads Home Assistant's recorder database once, in the background, through ingest.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { EventSink, EventSource, SourceStatus } from "../sources/event-source.js";
import { HA_RECORDER_SOURCE, haRecorderSource } from "../sources/importers/ha-recorder.js";
import { createRecordImporter, type RecordImporter } from "../sources/importers/record-importer.js";
import type { CursorStore } from "../storage/event-store.js";

/** Where the Supervisor mounts Home Assistant's configuration folder (map: homeassistant_config, read-only). */
export const SUPERVISOR_RECORDER_DB = "/homeassistant/home-assistant_v2.db";
const DONE = "import:ha-recorder:first-start";

export interface RecorderFirstStartDeps {
  /** The recorder database to read. */
  file: string;
  dataDir: string;
  cursors: CursorStore;
  /** Stores what ingest has buffered; false when the store refused it. */
  flush(): boolean;
  logger: Logger;
}

/**
 * An EventSource that, unless it ran to the end before, copies the database (Home Assistant keeps
 * writing to it, and the mapped folder is read-only, so SQLite could not open it in place) and
 * streams it in chunks. A restart during the import resumes after the last stored chunk.
 */
export function recorderFirstStartSource(deps: RecorderFirstStartDeps): EventSource {
  const name = HA_RECORDER_SOURCE;
  const copyDir = path.join(deps.dataDir, "tmp", "recorder-import");
  const copy = path.join(copyDir, "home-assistant_v2.db");
  const cursorKey = `${name}:first-start-position`;
  let importer: RecordImporter | undefined;
  let running: Promise<void> | undefined;
  let detail = "waiting";
  let failed = false;

  const run = async (sink: EventSink) => {
    mkdirSync(copyDir, { recursive: true });
    copyFileSync(deps.file, copy);
    if (existsSync(`${deps.file}-wal`)) copyFileSync(`${deps.file}-wal`, `${copy}-wal`);
    // /api/health shows the source's name, never a path of the add-on's file system.
    importer = createRecordImporter(name, haRecorderSource(copy, { label: "recorder database" }), {
      resumeFrom: deps.cursors.get(cursorKey),
      checkpoint: (position) => {
        if (deps.flush()) deps.cursors.set(cursorKey, position);
      },
      logger: deps.logger,
    });
    await importer.start(sink);
    deps.flush();
    deps.cursors.set(DONE, "done");
    const r = importer.report();
    deps.logger.info("recorder database imported", {
      records: r.linesRead,
      events: r.events,
      skipped: importer.skipped(),
    });
  };

  return {
    name,
    async start(sink) {
      if (deps.cursors.get(DONE) === "done") {
        detail = "imported at an earlier start";
        return;
      }
      if (!existsSync(deps.file)) {
        failed = true;
        detail =
          "recorder database not found: is the recorder using SQLite, and the add-on's configuration map present?";
        deps.logger.error("cannot import the recorder database", { file: deps.file });
        return;
      }
      // In the background: the panel and live events do not wait for years of history.
      running = run(sink)
        .catch((err) => {
          failed = true;
          detail = errorMessage(err);
          deps.logger.error("importing the recorder database failed; it resumes at the next start", {
            error: detail,
          });
        })
        .finally(() => rmSync(copyDir, { recursive: true, force: true }));
    },
    async stop() {
      await importer?.stop();
      await running;
    },
    status(): SourceStatus {
      const s = importer?.status();
      if (s) return { ...s, state: failed ? "error" : s.state };
      return { name, state: failed ? "error" : "finished", detail, eventsDelivered: 0 };
    },
  };
}
