import type { CapturedMail } from "@turnout/dev-stack";
import { waitFor } from "@turnout/test-kit";

/** The mail catcher's address, from the line `npm start` prints ("Mail (captured)  http://…/"). */
export function mailCatcherUrl(output: string): string {
  const url = /Mail \(captured\) +(http:\/\/\S+?)\/?$/m.exec(output)?.[1];
  if (!url) throw new Error(`npm start printed no mail catcher address:\n${output}`);
  return url;
}

/**
 * The first link to `path` (`/verify-email`, `/reset-password`) in a mail to `to`, waiting for
 * the mail to arrive (it goes through the outbox, the broker and the notification service).
 */
export async function waitForMailLink(catcher: string, to: string, path: string): Promise<URL> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${path}\\?token=[\\w-]+`);
  return waitFor(
    async () => {
      const reply = await fetch(`${catcher}/messages?to=${encodeURIComponent(to)}`);
      if (!reply.ok) throw new Error(`mail catcher answered ${reply.status}`);
      const mails = (await reply.json()) as CapturedMail[];
      for (const mail of mails) {
        const link = pattern.exec(mail.text)?.[0] ?? pattern.exec(mail.html)?.[0];
        if (link) return new URL(link);
      }
      return undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, message: `a mail to ${to} with a ${path} link` },
  );
}
