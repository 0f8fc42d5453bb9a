// A tiny stand-in for the Supervisor's ingress proxy: strips /api/hassio_ingress/<token> and sends X-Ingress-Path.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface IngressProxy {
  /** http://127.0.0.1:<port>/api/hassio_ingress/<token>/ — what the Home Assistant frontend opens in its iframe. */
  url: string;
  prefix: string;
  close(): Promise<void>;
}

export async function startIngressProxy(target: string, token = "e2eTokenAbC123"): Promise<IngressProxy> {
  const prefix = `/api/hassio_ingress/${token}`;
  const upstream = new URL(target);
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith(`${prefix}/`) && req.url !== prefix) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not an ingress path");
      return;
    }
    const path = req.url.slice(prefix.length) || "/";
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: upstream.host, "x-ingress-path": prefix },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(forward);
    res.on("close", () => forward.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}/`,
    prefix,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => {
          s.destroy();
        });
        server.close(() => resolve());
      }),
  };
}
