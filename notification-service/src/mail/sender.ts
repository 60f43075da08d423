import type { Pool } from "pg";
import type { Logger } from "@turnout/kit";
import type { MailSettings } from "../config";
import { afterFailure } from "../domain/mail-retry";
import { claimDueMail, settleMail, type DueMail, type Settlement } from "../data/outbound-mail";
import { MailSendError, type MailTransport } from "./transport";

export interface MailSender {
  start(): void;
  /** Looks for due mail now (an insert was announced) instead of at the next poll. */
  wake(): void;
  /** Lets the mails being sent finish, then stops. */
  stop(): Promise<void>;
}

/**
 * The outbox's other half. Each worker loops: in one transaction it claims a due row
 * (`FOR UPDATE SKIP LOCKED`), hands it to SMTP, and records the outcome on the same row before
 * committing. So no two replicas send one row, and a sent row is never sent again.
 *
 * The one edge: if the process dies after the SMTP server accepted the message and before the
 * commit, the lock goes with the connection and the row is still pending, so it is sent once
 * more (at-least-once). The resend carries the row's own Message-ID, which lets mail systems
 * and readers recognise the duplicate.
 */
export function createMailSender(options: {
  pool: Pool;
  schema: string;
  transport: MailTransport;
  logger: Logger;
  settings: MailSettings;
}): MailSender {
  const { pool, schema, transport, logger, settings } = options;
  const policy = {
    baseMs: settings.retryBaseMs,
    maxMs: settings.retryMaxMs,
    maxAttempts: settings.maxAttempts,
  };
  let running = false;
  // A function, not the variable: `stop()` flips it while a worker awaits.
  const isRunning = () => running;
  let workers: Promise<void>[] = [];
  const sleepers = new Set<() => void>();

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function attempt(mail: DueMail): Promise<Settlement> {
    if (mail.expired) return { status: "expired" };
    try {
      await transport.send(mail);
      return { status: "sent" };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof MailSendError && error.permanent;
      const next = afterFailure(mail.attempts + 1, permanent, policy);
      return next.status === "pending"
        ? { status: "pending", error: reason, retryInMs: next.retryInMs }
        : { status: "failed", error: `${next.reason}: ${reason}` };
    }
  }

  /** Sends one due mail, if there is one; says whether there was. */
  async function sendOne(): Promise<boolean> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const mail = await claimDueMail(client, schema);
      if (!mail) {
        await client.query("COMMIT");
        return false;
      }
      const outcome = await attempt(mail);
      await settleMail(client, schema, mail.id, outcome);
      await client.query("COMMIT");
      const meta = { mail_id: mail.id, kind: mail.kind, attempts: mail.attempts + 1 };
      if (outcome.status === "sent") logger.info("mail sent", meta);
      else if (outcome.status === "pending")
        logger.warn("mail not sent; will retry", { ...meta, error: outcome.error });
      else logger.error("mail given up", { ...meta, status: outcome.status });
      return true;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function work(): Promise<void> {
    while (isRunning()) {
      let sent = false;
      try {
        sent = await sendOne();
      } catch (error) {
        logger.warn("mail sender could not reach the database", { error: String(error) });
      }
      if (!sent && isRunning()) await nap(settings.pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      workers = Array.from({ length: settings.concurrency }, () => work());
    },
    wake() {
      for (const wakeUp of [...sleepers]) wakeUp();
    },
    async stop() {
      running = false;
      for (const wakeUp of [...sleepers]) wakeUp();
      await Promise.all(workers);
      transport.close();
    },
  };
}
