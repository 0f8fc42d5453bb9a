// The discovery's steps run one at a time, in the order queued; a failure is reported and the next still runs.
import { describe, expect, it } from "vitest";
import { createSerialJobs } from "../../../src/publish/mqtt-discovery/serial-jobs.js";

describe("serial jobs", () => {
  it("runs each job only after the one queued before it has finished", async () => {
    const jobs = createSerialJobs(
      () => true,
      () => {},
    );
    const log: string[] = [];
    let release!: () => void;
    const first = jobs.enqueue("first", async () => {
      log.push("first starts");
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      log.push("first ends");
    });
    const second = jobs.enqueue("second", async () => {
      log.push("second");
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["first starts"]);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(["first starts", "first ends", "second"]);
  });

  it("reports a failed job by name and runs the next", async () => {
    const failures: string[] = [];
    const jobs = createSerialJobs(
      () => true,
      (what, err) => failures.push(`${what}: ${(err as Error).message}`),
    );
    const ran: string[] = [];
    void jobs.enqueue("publish after connect", async () => {
      throw new Error("broker gone");
    });
    void jobs.enqueue("periodic refresh", async () => {
      ran.push("periodic refresh");
    });
    await jobs.idle();
    expect(failures).toEqual(["publish after connect: broker gone"]);
    expect(ran).toEqual(["periodic refresh"]);
  });

  it("runs nothing once stopped, and says nothing of a job that failed because of the stop", async () => {
    let running = true;
    const failures: string[] = [];
    const jobs = createSerialJobs(
      () => running,
      (what) => failures.push(what),
    );
    const ran: string[] = [];
    void jobs.enqueue("cut short", async () => {
      running = false;
      throw new Error("connection closed");
    });
    void jobs.enqueue("after stop", async () => {
      ran.push("after stop");
    });
    await jobs.idle();
    expect(failures).toEqual([]);
    expect(ran).toEqual([]);
  });
});
