import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { MailStore } from "./mail-store";

export interface SmtpCapture {
  port: number;
  /** Whether the listener is closed (a simulated outage). */
  isDown(): boolean;
  /** Stops accepting: new connections are refused, open ones are ended. */
  pause(): Promise<void>;
  /** Accepts again, at the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Largest message accepted; well above anything the platform sends. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * A plain SMTP listener that stores every message it accepts. No TLS (STARTTLS is not offered,
 * so clients never try to upgrade against a self-signed certificate) and any AUTH is accepted:
 * it is a catcher for development and tests, listening on loopback only.
 */
function createServer(store: MailStore): SMTPServer {
  const options: SMTPServerOptions = {
    logger: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    // A simulated outage should end open sessions promptly, not after 30 s.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "dev" });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const from = session.envelope.mailFrom;
          store.add(parsed, {
            from: from === false ? "" : from.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          });
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  };
  return new SMTPServer(options);
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

const close = (server: SMTPServer): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });

export async function startSmtpCapture(
  store: MailStore,
  options: { port?: number; host?: string } = {},
): Promise<SmtpCapture> {
  const host = options.host ?? "127.0.0.1";
  let server: SMTPServer | undefined = createServer(store);
  // A later error (a client resetting mid-session) must not crash the stack.
  server.on("error", () => undefined);
  const port = await listen(server, options.port ?? 0, host);

  return {
    port,
    isDown: () => server === undefined,
    async pause() {
      if (!server) return;
      const closing = server;
      server = undefined;
      await close(closing);
    },
    async resume() {
      if (server) return;
      const next = createServer(store);
      next.on("error", () => undefined);
      await listen(next, port, host);
      server = next;
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (closing) await close(closing);
    },
  };
}
