// The error types that cross module boundaries.

/** Invalid settings: carries every problem so the user can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** An error meant for an HTTP client: status and a message safe to show, and fields a script can read. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422 | 500 | 502 | 503,
    message: string,
    /** Sent next to `error` in the JSON answer (e.g. the parameter that was refused). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Input that could not be understood (a malformed event, a bad file line). */
export class InputError extends Error {
  /** `reason` is the short phrase such input is counted under ("impossible time", "bad entity id"). */
  constructor(
    message: string,
    readonly reason = "malformed",
  ) {
    super(message);
    this.name = "InputError";
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The service, or the command line's writing commands, as named in service.pid. */
export const SERVICE_HOLDER = "service";

/** Another live process owns the data dir (its service.pid): a second writer must not write beside it. */
export class DataDirInUseError extends Error {
  constructor(
    readonly pid: number,
    readonly dataDir: string,
    /** What holds it: "service", or the name of the command that writes (import, forget, …). */
    readonly holder: string = SERVICE_HOLDER,
  ) {
    super(
      holder === SERVICE_HOLDER
        ? `another Home Patterns service (process ${pid}) is running on ${dataDir}: stop it first, ` +
            `or give this one a data dir of its own (DATA_DIR); two services on one database could lose or mix up data`
        : `\`home-patterns ${holder}\` (process ${pid}) is writing to ${dataDir}: wait for it to end (or stop it), ` +
            `then start again; two writers on one database could lose or mix up data`,
    );
    this.name = "DataDirInUseError";
  }
}
