// The backup_pre/backup_post scripts the Supervisor runs inside the container, against a real HTTP server.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(script: string, api: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      [path.join(root, script)],
      { env: { ...process.env, HOME_PATTERNS_API: api } },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let server: Server | undefined;
const requests: string[] = [];

async function serve(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  requests.length = 0;
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
});

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe("backup_pre", () => {
  it("posts the checkpoint request and succeeds when the service checkpoints", async () => {
    const api = await serve(200, '{"checkpointed":["sqlite","duckdb"]}');
    const run = await runScript("addon/backup-pre.sh", api);
    expect(run.code).toBe(0);
    expect(requests).toEqual(["POST /api/maintenance/checkpoint"]);
    expect(run.stdout).toContain('databases checkpointed: {"checkpointed":["sqlite","duckdb"]}');
  });

  it("fails the backup after three tries when the service cannot checkpoint", async () => {
    const api = await serve(503, '{"error":"disk full"}');
    const run = await runScript("addon/backup-pre.sh", api);
    expect(run.code).toBe(1);
    expect(requests).toEqual([
      "POST /api/maintenance/checkpoint",
      "POST /api/maintenance/checkpoint",
      "POST /api/maintenance/checkpoint",
    ]);
    expect(run.stderr).toContain("checkpoint failed after 3 attempts");
  });

  it("lets the copy go ahead when no service is listening (nothing writes)", async () => {
    const run = await runScript("addon/backup-pre.sh", await closedPort());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("service not listening");
  });
});

describe("backup_post", () => {
  it("posts the resume request", async () => {
    const api = await serve(200, '{"resumed":true}');
    const run = await runScript("addon/backup-post.sh", api);
    expect(run.code).toBe(0);
    expect(requests).toEqual(["POST /api/maintenance/resume"]);
  });

  it("never fails a finished backup, even when the service is gone", async () => {
    const run = await runScript("addon/backup-post.sh", await closedPort());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("it resumes by itself");
  });
});
