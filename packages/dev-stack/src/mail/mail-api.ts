import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CapturedMail, MailStore } from "./mail-store";
import type { SmtpCapture } from "./smtp-capture";

/**
 * The mail catcher's HTTP side, for tests, the local runner and a person:
 * - `GET /messages[?to=address]` → JSON array of {@link CapturedMail}, oldest first
 * - `DELETE /messages` → 204, forgets every message
 * - `GET /outage` → `{ "down": bool }`; `POST /outage` → 204, SMTP stops accepting;
 *   `DELETE /outage` → 204, SMTP accepts again at the same port
 * - `GET /` → the messages as a small HTML page, newest first
 */
export interface MailApi {
  port: number;
  stop(): Promise<void>;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function viewerPage(messages: CapturedMail[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2>` +
        `<p><b>To:</b> ${escapeHtml(m.to.join(", "))} · <b>From:</b> ${escapeHtml(m.from)} · ` +
        `${escapeHtml(m.receivedAt)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join("<hr>");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Turnout mail</title>` +
    `<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}` +
    `pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>` +
    `<h1>Captured mail (${messages.length})</h1>${items || "<p>No mail yet.</p>"}</body></html>`
  );
}

interface Reply {
  status: number;
  body?: unknown;
  type?: string;
}

function send(res: ServerResponse, { status, body, type = "application/json" }: Reply): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": `${type}; charset=utf-8` }).end(text);
}

async function handle(req: IncomingMessage, store: MailStore, smtp: SmtpCapture): Promise<Reply> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const route = `${req.method ?? "GET"} ${url.pathname}`;
  switch (route) {
    case "GET /":
      return { status: 200, body: viewerPage(store.list()), type: "text/html" };
    case "GET /messages": {
      const to = url.searchParams.get("to");
      return { status: 200, body: store.list(to === null ? {} : { to }) };
    }
    case "DELETE /messages":
      store.clear();
      return { status: 204 };
    case "GET /outage":
      return { status: 200, body: { down: smtp.isDown() } };
    case "POST /outage":
      await smtp.pause();
      return { status: 204 };
    case "DELETE /outage":
      await smtp.resume();
      return { status: 204 };
    default:
      return { status: 404, body: { error: `no route ${route}` } };
  }
}

export function startMailApi(
  store: MailStore,
  smtp: SmtpCapture,
  options: { port?: number; host?: string } = {},
): Promise<MailApi> {
  const server: Server = createServer((req, res) => {
    handle(req, store, smtp).then(
      (reply) => {
        send(res, reply);
      },
      (error: unknown) => {
        send(res, { status: 500, body: { error: String(error) } });
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            server.closeAllConnections();
          }),
      });
    });
  });
}
