import * as z from "zod/mini";
import { apiJson, apiSend, queryString } from "./client";
import { type Page, pageOf } from "./page";

export const notificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.catch(z.string(), ""),
  data: z.catch(z.record(z.string(), z.unknown()), {}),
  read_at: z.catch(z.nullable(z.string()), null),
  created_at: z.string(),
});
export type TurnoutNotification = z.infer<typeof notificationSchema>;

const notificationPage = pageOf(notificationSchema);
const parsePage = (body: unknown): Page<TurnoutNotification> => notificationPage.parse(body);
export const parseNotification = (body: unknown) => notificationSchema.parse(body);

export const listNotifications = (params: { limit: number; cursor?: string; unread?: boolean }) =>
  apiJson(
    `/api/v1/notifications${queryString({ ...params, unread: params.unread ? "true" : undefined })}`,
    parsePage,
    { auth: true },
  );

export const markRead = (id: string) =>
  apiSend(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: "POST", auth: true });

export const markAllRead = () =>
  apiSend("/api/v1/notifications/read-all", { method: "POST", auth: true });

/** The event a notification is about, when it names one. */
export const eventIdOf = (n: TurnoutNotification): string | undefined =>
  typeof n.data.event_id === "string" ? n.data.event_id : undefined;

/** The webhook endpoint a `webhook_disabled` notice is about. */
export const endpointIdOf = (n: TurnoutNotification): string | undefined =>
  n.type === "webhook_disabled" && typeof n.data.endpoint_id === "string"
    ? n.data.endpoint_id
    : undefined;
