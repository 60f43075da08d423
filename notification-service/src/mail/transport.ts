import { createTransport } from "nodemailer";
import { isPermanentSmtpFailure } from "../domain/mail-retry";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbound row, so a resend is recognisably the same message. */
  messageId: string;
  /** Attached as `invite.ics` (`text/calendar; method=PUBLISH`), when there is one. */
  calendarIcs?: string | null;
}

/** Why a send failed, as the sender needs it: retry or give up, and a loggable reason. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MailSendError";
  }
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * SMTP through nodemailer. One connection per message (no pool): a sender holds a row's lease
 * while it sends, so it should not queue behind another send; and after an outage the next
 * attempt simply connects again. Every wait is bounded by `timeoutMs`.
 */
export function createSmtpTransport(options: {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}): MailTransport {
  const transporter = createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          // The booking's calendar file, as mail clients import it (docs/tickets.md).
          ...(mail.calendarIcs
            ? {
                attachments: [
                  {
                    filename: "invite.ics",
                    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    content: mail.calendarIcs,
                  },
                ],
              }
            : {}),
        });
      } catch (error) {
        const details = error as NodemailerError;
        // The SMTP reply or the socket error, never the message itself.
        const reason = [details.code, details.responseCode, details.message]
          .filter((part) => part !== undefined)
          .join(" ");
        throw new MailSendError(
          reason || String(error),
          isPermanentSmtpFailure(details.responseCode),
          {
            cause: error,
          },
        );
      }
    },
    close() {
      transporter.close();
    },
  };
}
