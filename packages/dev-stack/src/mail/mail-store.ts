import { randomUUID } from "node:crypto";
import type { AddressObject, ParsedMail } from "mailparser";

/** One message the development SMTP server accepted, as the HTTP API shows it. */
export interface CapturedMail {
  /** The capture's own id (not the Message-ID). */
  id: string;
  /** Addresses of the `To` header. */
  to: string[];
  /** The `From` header as written (`"Turnout" <no-reply@turnout.local>`). */
  from: string;
  subject: string;
  text: string;
  /** Empty when the message has no HTML part. */
  html: string;
  /** The `Message-ID` header, angle brackets included. */
  messageId: string;
  /** The `Date` header (RFC 3339). */
  date: string;
  receivedAt: string;
  /** What the client said in `MAIL FROM` / `RCPT TO`. */
  envelope: { from: string; to: string[] };
  /** Attached parts (a calendar alternative included); text parts' content as UTF-8. */
  attachments: { filename: string; contentType: string; content: string }[];
}

export interface MailStore {
  add(parsed: ParsedMail, envelope: CapturedMail["envelope"]): CapturedMail;
  /** Oldest first; `to` keeps the messages addressed (header or envelope) to that address. */
  list(filter?: { to?: string }): CapturedMail[];
  clear(): void;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) =>
    group.value.map((entry) => entry.address ?? "").filter((address) => address !== ""),
  );

/**
 * Captured mail in memory, bounded so a long local run cannot grow without limit: past `max`
 * messages the oldest are dropped.
 */
export function createMailStore(max = 1000): MailStore {
  const messages: CapturedMail[] = [];
  return {
    add(parsed, envelope) {
      const mail: CapturedMail = {
        id: randomUUID(),
        to: addresses(parsed.to),
        from: parsed.from?.text ?? "",
        subject: parsed.subject ?? "",
        text: parsed.text ?? "",
        html: typeof parsed.html === "string" ? parsed.html : "",
        messageId: parsed.messageId ?? "",
        date: (parsed.date ?? new Date()).toISOString(),
        receivedAt: new Date().toISOString(),
        envelope,
        attachments: parsed.attachments.map((part) => ({
          filename: part.filename ?? "",
          contentType: part.contentType,
          content: part.content.toString("utf8"),
        })),
      };
      messages.push(mail);
      if (messages.length > max) messages.splice(0, messages.length - max);
      return mail;
    },
    list(filter = {}) {
      const to = filter.to?.toLowerCase();
      if (to === undefined) return [...messages];
      return messages.filter((m) =>
        [...m.to, ...m.envelope.to].some((address) => address.toLowerCase() === to),
      );
    },
    clear() {
      messages.length = 0;
    },
  };
}
