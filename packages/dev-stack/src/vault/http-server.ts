import { STATUS_CODES } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { parseRequest, ProtocolError, type HttpRequest, type ParseResult } from "./http-parser";

export type { HttpRequest } from "./http-parser";

/*
 * A deliberately small HTTP/1.1 server on a raw socket. Vault's API uses the LIST method, which
 * Node's HTTP parser rejects before any handler runs, so node:http cannot serve node-vault's
 * list() calls. Requests on one connection are answered strictly in order.
 */

export interface HttpReply {
  status: number;
  body?: string;
}

const IDLE_TIMEOUT_MS = 60_000;

export type HttpHandler = (request: HttpRequest) => Promise<HttpReply>;

function formatReply(reply: HttpReply, keepAlive: boolean, isHead: boolean): Buffer {
  const payload = reply.status === 204 || reply.body === undefined ? "" : reply.body;
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? "Unknown"}`];
  lines.push(`Date: ${new Date().toUTCString()}`, "Cache-Control: no-store");
  if (reply.status !== 204) {
    lines.push("Content-Type: application/json");
    lines.push(`Content-Length: ${Buffer.byteLength(payload)}`);
  }
  lines.push(`Connection: ${keepAlive ? "keep-alive" : "close"}`, "", "");
  return Buffer.from(lines.join("\r\n") + (isHead ? "" : payload));
}

function serveConnection(socket: Socket, handler: HttpHandler): void {
  let buffered: Buffer = Buffer.alloc(0);
  let busy = false;
  let continueSent = false;
  socket.setNoDelay(true);
  socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
  socket.on("error", () => socket.destroy());

  const pump = (): void => {
    while (!busy && !socket.destroyed && buffered.length > 0) {
      let parsed: ParseResult;
      try {
        parsed = parseRequest(buffered);
      } catch (error) {
        const status = error instanceof ProtocolError ? error.status : 400;
        const message = error instanceof Error ? error.message : "bad request";
        socket.end(
          formatReply({ status, body: JSON.stringify({ errors: [message] }) }, false, false),
        );
        buffered = Buffer.alloc(0);
        return;
      }
      if ("incomplete" in parsed) {
        if (parsed.expectContinue && !continueSent) {
          continueSent = true;
          socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
      }
      const { request, consumed, keepAlive } = parsed;
      buffered = buffered.subarray(consumed);
      continueSent = false;
      busy = true;
      void handler(request)
        .catch((): HttpReply => ({ status: 500, body: '{"errors":["internal error"]}' }))
        .then((reply) => {
          busy = false;
          if (socket.destroyed) return;
          const bytes = formatReply(reply, keepAlive, request.method === "HEAD");
          if (keepAlive) {
            socket.write(bytes);
            pump();
          } else {
            socket.end(bytes);
          }
        });
    }
  };

  socket.on("data", (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    pump();
  });
}

export interface RunningHttpServer {
  server: Server;
  /** Closes the listener and every open connection (keep-alive ones would hold it open). */
  close(): Promise<void>;
}

export function createHttpServer(handler: HttpHandler): RunningHttpServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveConnection(socket, handler);
  });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    });
  return { server, close };
}
