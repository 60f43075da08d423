import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the receiver got it: the raw body and the Standard Webhooks headers. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  arrivedAt: number;
  /** When the answer was sent. */
  answeredAt: number;
  status: number;
}

/** Decides the answer to a request: a status, optionally after a pause. */
export type Responder = (request: Received, count: number) => { status: number; delayMs?: number };

/** A real HTTP receiver on 127.0.0.1 that records everything it is sent. */
export async function startReceiver(respond: Responder = () => ({ status: 204 })) {
  const received: Received[] = [];
  let responder = respond;
  const server = http.createServer((req, res) => {
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry: Received = {
        id: String(req.headers["webhook-id"]),
        timestamp: String(req.headers["webhook-timestamp"]),
        signature: String(req.headers["webhook-signature"]),
        body: Buffer.concat(chunks).toString("utf8"),
        arrivedAt,
        answeredAt: 0,
        status: 0,
      };
      const answer = responder(entry, received.filter((r) => r.id === entry.id).length);
      setTimeout(() => {
        entry.answeredAt = Date.now();
        entry.status = answer.status;
        received.push(entry);
        res
          .writeHead(answer.status, { "content-type": "text/plain" })
          .end(`status ${answer.status}`);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    setResponder(next: Responder) {
      responder = next;
    },
    headersOf: (entry: Received) => ({
      "webhook-id": entry.id,
      "webhook-timestamp": entry.timestamp,
      "webhook-signature": entry.signature,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
