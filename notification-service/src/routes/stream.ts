import type { Request } from "express";
import { z } from "zod";
import {
  createStreamSlots,
  openSse,
  principalOf,
  tooManyRequests,
  validationFailed,
  type ServiceApi,
} from "@turnout/kit";
import type { AppDeps } from "../app";
import { notificationReply } from "./notification-schema";

export const STREAM_PATH = "/stream";

/** The reconnection delay the stream asks clients for. */
const RETRY_MS = 3000;
/** Retry-After of a refused stream: long enough that a busy tab does not hammer the replica. */
const FULL_RETRY_SECONDS = 30;

const streamQuery = z.object({
  last_event_id: z
    .uuid()
    .optional()
    .describe("Replay after this notification id (as the `Last-Event-ID` header does)."),
});

/** The token this request presented (the header: the only place a token is accepted). */
function presentedToken(req: Request): string | undefined {
  return /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];
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
  const slots = createStreamSlots(deps.settings.maxStreamsPerUser);
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
        "token and the last id seen. The token goes in the `Authorization: Bearer` header " +
        "only: read the stream with `fetch` (a browser's EventSource cannot send headers). " +
        "Since issue 18 a token in the URL (`?access_token=`, accepted before) is refused with " +
        "400 `token_in_url`, on purpose: URLs reach histories and proxy logs. One user holds " +
        "at most `SSE_MAX_STREAMS_PER_USER` streams (default 5) per replica; another is " +
        "refused with 429 `too_many_streams` and `Retry-After` rather than closing an open one " +
        "(which would reconnect and close the next, in a loop).",
      auth: "bearer",
      scope: "notifications:read",
      request: { query: streamQuery },
      responses: {
        200: {
          description: "An endless `text/event-stream`.",
          contentType: "text/event-stream",
          schema: z.string(),
        },
      },
      problems: {
        400:
          "`token_in_url`: a token was sent in the URL (refused even beside a valid header); " +
          "`validation_failed`: a malformed `last_event_id` or `Last-Event-ID`.",
        429: "`too_many_streams`, with `Retry-After`: this user already holds the most streams.",
      },
    },
    async ({ query }, req, res) => {
      const userId = principalOf(res).subject;
      const token = presentedToken(req);
      const after = lastEventId(req, query.last_event_id);
      // Taken before any await, so concurrent requests cannot all pass the check.
      const release = slots.take(userId);
      if (!release) {
        throw tooManyRequests(
          FULL_RETRY_SECONDS,
          "too_many_streams",
          `This account already has ${deps.settings.maxStreamsPerUser} live notification ` +
            "streams open; close one (another tab or device) or retry later.",
        );
      }
      res.on("close", release);
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
