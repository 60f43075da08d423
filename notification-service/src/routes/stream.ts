import type { Request } from "express";
import { z } from "zod";
import { principalOf, validationFailed, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { openSse } from "../live/sse";
import { notificationReply } from "./notification-schema";

export const STREAM_PATH = "/stream";

/** The reconnection delay the stream asks clients for. */
const RETRY_MS = 3000;

const streamQuery = z.object({
  access_token: z
    .string()
    .optional()
    .describe(
      "The access token, for clients that cannot set headers (EventSource). Never logged; " +
        "prefer the Authorization header where possible.",
    ),
  last_event_id: z
    .uuid()
    .optional()
    .describe("Replay after this notification id (as the `Last-Event-ID` header does)."),
});

/** The token this request presented (header first, as the kit's authenticate reads it). */
function presentedToken(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header !== undefined) return /^Bearer (\S+)$/.exec(header)?.[1];
  const query: unknown = req.query.access_token;
  return typeof query === "string" ? query : undefined;
}

/** `Last-Event-ID` (sent by EventSource when it reconnects) wins over `last_event_id`. */
function lastEventId(req: Request, fromQuery: string | undefined): string | undefined {
  const header = req.get("last-event-id")?.trim();
  if (header === undefined || header === "") return fromQuery;
  const parsed = z.uuid().safeParse(header);
  if (!parsed.success) {
    throw validationFailed(
      [{ path: "Last-Event-ID", message: "must be a notification id", code: "invalid_format" }],
      "The Last-Event-ID header is not valid.",
    );
  }
  return parsed.data;
}

export function streamRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: STREAM_PATH,
      summary: "My new notifications, live (Server-Sent Events)",
      description:
        "Each notification is one event: `id: <notification id>`, `event: notification`, " +
        "`data: <Notification JSON>`. Comment lines (`: heartbeat`) keep the stream alive. " +
        "With `Last-Event-ID` (or `last_event_id`) the notifications after that one are sent " +
        "first. The stream ends when the token expires or is revoked; reconnect with a fresh " +
        "token and the last id seen.",
      auth: "bearer",
      request: { query: streamQuery },
      responses: {
        200: {
          description: "An endless `text/event-stream`.",
          contentType: "text/event-stream",
          schema: z.string(),
        },
      },
    },
    async ({ query }, req, res) => {
      const userId = principalOf(res).subject;
      const token = presentedToken(req);
      const after = lastEventId(req, query.last_event_id);
      // An id that is not one of the caller's replays nothing; the stream starts from now.
      const afterSeq =
        after === undefined ? undefined : await deps.data.repos.notifications.seqOf(userId, after);

      const sse = openSse(res, { retryMs: RETRY_MS });
      let unsubscribe: (() => void) | undefined;
      const heartbeat = setInterval(() => {
        sse.comment("heartbeat");
        // The stream lives longer than a request: stop it once the token would be refused.
        if (token === undefined) return;
        deps.verifyUser(token).catch(() => {
          deps.logger.info("notification stream ended: the token is no longer valid");
          sse.end();
        });
      }, deps.settings.heartbeatMs);
      const cleanUp = () => {
        clearInterval(heartbeat);
        unsubscribe?.();
      };
      res.on("close", cleanUp);

      try {
        unsubscribe = await deps.hub.subscribe(
          userId,
          {
            push: (n) => sse.send(n.id, "notification", notificationReply(n)),
            end: () => {
              sse.end();
            },
          },
          afterSeq,
        );
      } catch (error) {
        deps.logger.error("could not start a notification stream", { error: String(error) });
        sse.end();
        return;
      }
      // The client may have gone while the replay was loading.
      if (!sse.isOpen()) cleanUp();
    },
  );
}
