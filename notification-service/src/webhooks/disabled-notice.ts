import { randomUUID } from "node:crypto";
import type { Repositories } from "../data/repositories";
import { accountMailAllowed, greetingName } from "../domain/recipients";
import { queueMail, type FlowContext } from "../events/deliver";
import { quotedName } from "../mail/templates";

/**
 * Tells an endpoint's owner that it was disabled for failing (docs/integrations.md,
 * "Disabling"): an inbox entry and a mail, whatever their activity settings (it is about
 * their integration, like an account mail), never to a deleted user. Written in the unit of
 * work that disables the endpoint, which happens once per failing streak.
 */
export async function tellEndpointDisabled(
  tx: Repositories,
  ctx: FlowContext,
  input: { ownerId: string; endpointId: string; url: string },
): Promise<void> {
  const recipient = await tx.recipients.find(input.ownerId);
  if (!accountMailAllowed(recipient)) return;
  const sourceEventId = randomUUID();
  const link = `${ctx.publicUrl}/organizer/webhooks/${encodeURIComponent(input.endpointId)}`;
  const title = "A webhook endpoint was disabled";
  const body =
    `Deliveries to ${input.url} have failed for too long, so Turnout stopped sending to it. ` +
    "Fix the receiver, turn the endpoint back on and replay what it missed.";
  await tx.notifications.insert({
    userId: input.ownerId,
    type: "webhook_disabled",
    title,
    body,
    data: { endpoint_id: input.endpointId, url: input.url },
    sourceEventId,
  });
  if (!recipient?.email) return;
  const name = greetingName(recipient.displayName);
  const quoted = quotedName(name);
  await queueMail(tx, ctx, {
    sourceEventId,
    userId: input.ownerId,
    kind: "webhook_disabled",
    to: recipient.email,
    doc: {
      subject: title,
      greeting: quoted === null ? "Hello," : `Hello ${quoted},`,
      paragraphs: [body],
      details: [{ label: "Endpoint", value: input.url }],
      action: { label: "Open the endpoint", url: link },
      footer: "You get this mail because you registered this webhook endpoint on Turnout.",
    },
  });
}
