// The host name an instance shows the others: the Home Assistant host's, asked of a Supervisor
// that answers like the real one, and the container's own when that fails, said in the log.
import { afterEach, describe, expect, it } from "vitest";
import { instanceHostName } from "../../src/app/instance-host-name.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { type FakeSupervisor, startFakeSupervisor, supervisorInfo } from "../addon/fake-supervisor.js";
import { freePort } from "../support/local-server.js";

/** What os.hostname() gives in every Home Patterns add-on container (its slug-based name). */
const CONTAINER = "2f1c4e5a-home-patterns";
const TOKEN = "supervisor-token-123";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function supervisor(): Promise<FakeSupervisor> {
  // No Home Assistant behind it: only GET /info is asked.
  const fake = await startFakeSupervisor({ token: TOKEN, coreUrl: "http://127.0.0.1:9" });
  cleanups.push(() => fake.stop());
  return fake;
}

describe("the host name an instance shows the others", () => {
  it("is the Home Assistant host's under the Supervisor, asked with the add-on's token", async () => {
    const fake = await supervisor();
    fake.answerInfo(200, { result: "ok", data: supervisorInfo("kitchen-nuc") });
    const logger = createMemoryLogger();
    const host = await instanceHostName({
      supervisor: { url: fake.url, token: TOKEN },
      osHostName: () => CONTAINER,
      logger,
    });
    expect(host).toBe("kitchen-nuc");
    expect(fake.requests).toEqual([{ call: "GET /info", authorized: true }]);
    expect(logger.lines).toEqual([]);
  });

  it("is the machine's own without the Supervisor, asking nobody", async () => {
    const logger = createMemoryLogger();
    const host = await instanceHostName({
      osHostName: () => "old-nuc",
      fetch: () => Promise.reject(new Error("no request expected")),
      logger,
    });
    expect(host).toBe("old-nuc");
    expect(logger.lines).toEqual([]);
  });

  it.each<[string, number, unknown, string]>([
    [
      "has no host name",
      200,
      { result: "ok", data: supervisorInfo(null) },
      "the Supervisor's answer has no host name: null",
    ],
    [
      "refuses",
      403,
      { result: "error", message: "Access not allowed" },
      "the Supervisor answered 403: Access not allowed",
    ],
    ["answers no JSON", 502, "<html>Bad Gateway</html>", "the Supervisor answered 502: <html>Bad Gateway</html>"],
  ])("is the container's, said in the log, when the Supervisor %s", async (_, status, body, error) => {
    const fake = await supervisor();
    fake.answerInfo(status, body);
    const logger = createMemoryLogger();
    const host = await instanceHostName({
      supervisor: { url: fake.url, token: TOKEN },
      osHostName: () => CONTAINER,
      logger,
    });
    expect(host).toBe(CONTAINER);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain("cannot read the host's name from the Supervisor");
    expect(logger.lines[0]).toContain(error);
    expect(logger.lines[0]).toContain(CONTAINER);
  });

  it("is the container's, said in the log, when the Supervisor cannot be reached", async () => {
    const logger = createMemoryLogger();
    const url = `http://127.0.0.1:${await freePort()}`;
    const host = await instanceHostName({ supervisor: { url, token: "t" }, osHostName: () => CONTAINER, logger });
    expect(host).toBe(CONTAINER);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain(`${url}/info`);
  });
});
