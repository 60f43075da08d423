import { startMailApi } from "./mail-api";
import { createMailStore } from "./mail-store";
import { startSmtpCapture } from "./smtp-capture";

export interface StartMailServerOptions {
  /** SMTP port; 0 (default) takes a free one. */
  smtpPort?: number;
  /** HTTP API port; 0 (default) takes a free one. */
  apiPort?: number;
  host?: string;
  /** Messages kept in memory before the oldest are dropped. */
  maxMessages?: number;
}

export interface MailServer {
  /** `smtp://127.0.0.1:<port>`: what the notification service gets as `SMTP_URL`. */
  smtpUrl: string;
  /** `http://127.0.0.1:<port>`: the API and viewer of captured mail (mail-api.ts). */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * The development mail catcher (a stand-in for Mailpit): a real SMTP server over TCP that keeps
 * what it receives in memory, and a tiny HTTP API to read it and to simulate an SMTP outage.
 */
export async function startMailServer(options: StartMailServerOptions = {}): Promise<MailServer> {
  const host = options.host ?? "127.0.0.1";
  const store = createMailStore(options.maxMessages);
  const smtp = await startSmtpCapture(store, { port: options.smtpPort ?? 0, host });
  try {
    const api = await startMailApi(store, smtp, { port: options.apiPort ?? 0, host });
    return {
      smtpUrl: `smtp://${host}:${smtp.port}`,
      apiUrl: `http://${host}:${api.port}`,
      stop: async () => {
        await api.stop();
        await smtp.stop();
      },
    };
  } catch (error) {
    await smtp.stop();
    throw error;
  }
}
