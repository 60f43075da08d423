import { z } from "zod";
import { badRequest, notFound, principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { notificationIdParams, notificationReply, notificationSchema } from "./notification-schema";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe("`next_cursor` of the previous page."),
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true")
    .describe("`true`: only notifications not read yet."),
});

const pageSchema = z
  .object({
    items: z.array(notificationSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .meta({ id: "NotificationPage" });

export function notificationRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/",
      summary: "My notifications, newest first",
      auth: "bearer",
      scope: "notifications:read",
      request: { query: listQuery },
      responses: { 200: { description: "One page of the inbox.", schema: pageSchema } },
    },
    async ({ query }, _req, res) => {
      const userId = principalOf(res).subject;
      const beforeSeq = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && beforeSeq === undefined) {
        throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
      }
      // One more than asked tells whether another page exists.
      const rows = await deps.data.repos.notifications.list(userId, {
        limit: query.limit + 1,
        unreadOnly: query.unread,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      res.json({
        items: items.map(notificationReply),
        next_cursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
      });
    },
  );

  api.route(
    {
      method: "post",
      path: "/read-all",
      summary: "Mark all my notifications read",
      auth: "bearer",
      scope: "notifications:write",
      responses: { 204: { description: "Every notification is read." } },
    },
    async (_input, _req, res) => {
      await deps.data.repos.notifications.markAllRead(principalOf(res).subject);
      res.status(204).end();
    },
  );

  api.route(
    {
      method: "post",
      path: "/:id/read",
      summary: "Mark one of my notifications read",
      auth: "bearer",
      scope: "notifications:write",
      request: { params: notificationIdParams },
      responses: { 204: { description: "The notification is read (it may have been already)." } },
      problems: { 404: "`notification_not_found`: no such notification of yours." },
    },
    async ({ params }, _req, res) => {
      if (!(await deps.data.repos.notifications.markRead(principalOf(res).subject, params.id))) {
        // Someone else's notification is as unknown to the caller as a made-up id.
        throw notFound("notification_not_found", "No such notification.");
      }
      res.status(204).end();
    },
  );
}
