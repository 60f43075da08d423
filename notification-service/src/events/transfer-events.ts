import { parseEvent, seatOfferedV1 } from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import { activityChannels, greetingName } from "../domain/recipients";
import { seatOfferedNotice } from "../domain/seat-offer-notice";
import type { Repositories } from "../data/repositories";
import { seatOfferedMail } from "../mail/templates";
import { queueMail, timeStyleFor, type FlowContext } from "./deliver";

/**
 * `seat-offered` (internal: it carries an address that may have no account). When the address
 * belongs to an account the service knows, that account is told as for any activity (inbox and
 * mail by its settings, in its zone and locale). Otherwise the address is mailed as it is; the
 * mail row is then keyed to the sender (there is no recipient account), so the sender's
 * deletion removes it while it is still pending.
 */
export function seatOfferedHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    seatOfferedV1.type,
    (raw) => parseEvent(seatOfferedV1, raw),
    async (event, tx) => {
      const data = event.data;
      const account = await tx.recipients.findByEmail(data.email);
      const notice = seatOfferedNotice(data, timeStyleFor(account, data.timezone));
      const channels = account ? activityChannels(account) : { inApp: false, email: data.email };
      if (account && channels.inApp) {
        await tx.notifications.insert({
          userId: account.userId,
          type: notice.type,
          title: notice.title,
          body: notice.body,
          data: notice.data,
          sourceEventId: event.id,
        });
      }
      if (channels.email === null) return;
      await queueMail(tx, ctx, {
        sourceEventId: event.id,
        userId: account?.userId ?? data.from_user_id,
        kind: "seat_offered",
        to: data.email,
        doc: seatOfferedMail(notice, greetingName(account?.displayName), ctx.publicUrl),
      });
    },
  );
}
