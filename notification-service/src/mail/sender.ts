import type { Logger } from "@turnout/kit";
import type { MailSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { DueMail, Settlement } from "../data/outbound-mail";
import { afterFailure } from "../domain/mail-retry";
import { MailSendError, type MailTransport } from "./transport";

export interface MailSender {
  start(): void;
  /** Looks for due mail now (an insert was announced) instead of at the next poll. */
  wake(): void;
  /** Lets the mails being sent finish, then stops. */
  stop(): Promise<void>;
}

/**
 * How long a claimed row is left to its sender. A send is bounded by the SMTP timeout per wait
 * (connect, greeting, each command's reply); four of them cover a whole message, and a send
 * still running after the lease may be made a second time by another worker.
 */
const LEASE_WAITS = 4;

/**
 * The outbox's other half. Each worker loops: it claims a due row with a lease (one statement,
 * `FOR UPDATE SKIP LOCKED`), hands it to SMTP with no transaction open, and records the outcome
 * on the row in a second statement. So no two workers send one row while its lease holds, and a
 * sent row is never sent again; no connection is held while SMTP answers.
 *
 * The one edge: if the process dies after the SMTP server accepted the message and before the
 * outcome is recorded, the row is still pending and is sent once more when its lease runs out
 * (at-least-once). The resend carries the row's own Message-ID, which lets mail systems and
 * readers recognise the duplicate.
 */
export function createMailSender(options: {
  data: ServiceDatabase;
  transport: MailTransport;
  logger: Logger;
  settings: MailSettings;
}): MailSender {
  const { transport, logger, settings } = options;
  const { outboundMail } = options.data.repos;
  const leaseMs = settings.smtpTimeoutMs * LEASE_WAITS;
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
    const mail = await outboundMail.claimDue(leaseMs);
    if (!mail) return false;
    const outcome = await attempt(mail);
    await outboundMail.settle(mail.id, outcome);
    const meta = { mail_id: mail.id, kind: mail.kind, attempts: mail.attempts + 1 };
    if (outcome.status === "sent") logger.info("mail sent", meta);
    else if (outcome.status === "pending")
      logger.warn("mail not sent; will retry", { ...meta, error: outcome.error });
    else logger.error("mail given up", { ...meta, status: outcome.status });
    return true;
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
