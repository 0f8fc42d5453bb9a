// The discovery's publishing steps, one at a time, in order: two refreshes interleaving could send an older state last.

export interface SerialJobs {
  /** Runs the job after every job queued before it; resolves once it has run (a failure is reported, not thrown). */
  enqueue(what: string, job: () => Promise<void>): Promise<void>;
  /** Settles once every job queued so far has run. */
  idle(): Promise<void>;
}

/** Jobs queued while stopped do not run; `onFailure` hears of a job that threw while running. */
export function createSerialJobs(
  isRunning: () => boolean,
  onFailure: (what: string, err: unknown) => void,
): SerialJobs {
  let work: Promise<void> = Promise.resolve();
  return {
    enqueue(what, job) {
      work = work.then(async () => {
        if (!isRunning()) return;
        try {
          await job();
        } catch (err) {
          // Stopped meanwhile: the connection's close failed what it still held, as it should.
          if (!isRunning()) return;
          onFailure(what, err);
        }
      });
      return work;
    },
    idle: () => work,
  };
}
