// A TCP link between one client and a server that a test can cut: the server sees the client
// vanish without a goodbye (as when its host loses the network), while other clients stay connected.
import net from "node:net";

export interface TcpLink {
  /** Where the client connects instead of the server. */
  port: number;
  /** Drops every connection through the link at once and refuses new ones until mended. */
  cut(): void;
  /** Lets connections through again. */
  mend(): void;
  close(): Promise<void>;
}

/** Listens on a free loopback port and forwards each connection to 127.0.0.1:targetPort. */
export function openTcpLink(targetPort: number): Promise<TcpLink> {
  const sockets = new Set<net.Socket>();
  let cut = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ port: targetPort, host: "127.0.0.1" });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        cut() {
          cut = true;
          for (const socket of sockets) socket.destroy();
        },
        mend() {
          cut = false;
        },
        close() {
          cut = true;
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
