import { request, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldProxy {
  url: string;
  /** Where requests go (base URL); may be set after the proxy has started. */
  target: string;
  /**
   * While set to an event id, a seat reservation for that event is forwarded and done, but its
   * answer is never passed back. Only that event's: the registration service's recovery pass
   * may re-reserve other tests' stuck attempts through the same hop (the database is shared).
   */
  holdEventId: string | undefined;
  /** Resolves, with the ledger's status, when a held reservation has been answered. */
  reserved: Promise<number>;
  close(): Promise<void>;
}

/**
 * An HTTP hop in front of the event service: it lets a test stop the registration service at the
 * exact point between the ledger's reservation and its own commit.
 */
export async function startHoldProxy(target = ""): Promise<HoldProxy> {
  let onReserved: (status: number) => void = () => undefined;
  const proxy = {
    target,
    holdEventId: undefined,
    reserved: new Promise<number>((resolve) => (onReserved = resolve)),
  } as HoldProxy;
  const server: Server = createServer((req, res) => {
    if (!proxy.target) {
      res.writeHead(503).end();
      return;
    }
    const upstream = new URL(proxy.target);
    const holding =
      proxy.holdEventId !== undefined &&
      req.method === "POST" &&
      (req.url ?? "").endsWith(`/events/${proxy.holdEventId}/reservations`);
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        if (holding) {
          answer.resume();
          answer.on("end", () => {
            onReserved(answer.statusCode ?? 0);
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
