import { z } from "zod";
import { NOTIFICATION_TYPES } from "../domain/notices";
import type { NotificationView } from "../data/notifications";

export const notificationSchema = z
  .object({
    id: z.uuid(),
    type: z
      .string()
      .describe(`What happened: ${NOTIFICATION_TYPES.map((t) => `\`${t}\``).join(", ")}.`),
    title: z.string(),
    body: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .describe("Facts for the app: `event_id`, `registration_id`, times (RFC 3339), ..."),
    read_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Notification" });

export type NotificationReply = z.infer<typeof notificationSchema>;

export function notificationReply(n: NotificationView): NotificationReply {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    data: (n.data ?? {}) as Record<string, unknown>,
    read_at: n.readAt?.toISOString() ?? null,
    created_at: n.createdAt.toISOString(),
  };
}

export const notificationIdParams = z.object({ id: z.uuid() });
