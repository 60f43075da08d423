import type { Request } from "express";
import { z } from "zod";
import {
  createStreamSlots,
  openSse,
  serviceUnavailable,
  tooManyRequests,
  type ServiceApi,
} from "@turnout/kit";
import type { AppDeps } from "../app";
import { scanAccess } from "../domain/check-in-access";
import type { CheckInFeed } from "../live/check-in-feed";
import { callerOf } from "./registrations";

/** The live check-in view's wiring (main.ts); without it the stream answers 503. */
export interface LiveCheckIns {
  feed: CheckInFeed;
  /** Streams one user may hold on a replica, and all of a replica's. */
  maxPerUser: number;
  maxTotal: number;
  /** Comment lines keep the stream alive; each also re-checks the token and the permission. */
  heartbeatMs: number;
}

const RETRY_MS = 3000;
const FULL_RETRY_SECONDS = 30;

const eventParams = z.object({ event_id: z.uuid() });

/** The token this request presented (the header: the only place a token is accepted). */
const presentedToken = (req: Request): string | undefined =>
  /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];

export function checkInStreamRoutes(api: ServiceApi, deps: AppDeps): void {
  const live = deps.liveCheckIns;
  const slots = live && createStreamSlots(live.maxPerUser, live.maxTotal);
  api.route(
    {
      method: "get",
      path: "/events/:event_id/check-ins/stream",
      summary: "An event's check-ins, live (Server-Sent Events; organizer, admin or helper)",
      description:
        "Each scan, through any replica, is one event: `id: <seat id>`, `event: check-in`, " +
        "`data: {seat_id, registration_id, holder_name, ticket_type_id, ticket_type_name, gate, " +
        "checked_in_at}`. Comment lines (`: heartbeat`) keep it alive. The stream ends when the " +
        "token expires or the caller may no longer scan for the event, and when the replica " +
        "lost scans (its LISTEN connection dropped): reconnect and reload the check-in state. " +
        "The token goes in the `Authorization` header only. One user holds at most " +
        "`CHECK_IN_MAX_STREAMS_PER_USER` streams per replica, a replica at most " +
        "`CHECK_IN_MAX_STREAMS`: 429 `too_many_streams` with `Retry-After` beyond.",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: eventParams },
      responses: {
        200: {
          description: "An endless `text/event-stream`.",
          contentType: "text/event-stream",
          schema: z.string(),
        },
      },
      problems: {
        403: "`forbidden`.",
        404: "`event_not_found`.",
        429: "`too_many_streams`, with `Retry-After`.",
        503: "`live_view_unavailable`: this replica runs no live feed.",
      },
    },
    async ({ params }, req, res) => {
      if (!live || !slots) {
        throw serviceUnavailable("live_view_unavailable", "The live view is not available.");
      }
      const caller = callerOf(res);
      const token = presentedToken(req);
      // Taken before any await, so concurrent requests cannot all pass the check.
      const release = slots.take(caller.id);
      if (!release) {
        throw tooManyRequests(
          FULL_RETRY_SECONDS,
          "too_many_streams",
          "Too many live check-in streams are open; close one or retry later.",
        );
      }
      res.on("close", release);
      await scanAccess(deps, caller, params.event_id);

      const sse = openSse(res, { retryMs: RETRY_MS });
      const unsubscribe = live.feed.subscribe(params.event_id, {
        push: (checkIn) => sse.send(checkIn.seat_id, "check-in", checkIn),
        end: () => {
          sse.end();
        },
      });
      const heartbeat = setInterval(() => {
        sse.comment("heartbeat");
        // The stream outlives the request: end it once the token or the role is gone.
        const stillAllowed = async () => {
          if (token !== undefined) await deps.verifyUser(token);
          await scanAccess(deps, caller, params.event_id);
        };
        stillAllowed().catch(() => {
          deps.logger.info("check-in stream ended: the caller may no longer watch");
          sse.end();
        });
      }, live.heartbeatMs);
      const cleanUp = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      res.on("close", cleanUp);
      // The client may have gone while the permission was read.
      if (!sse.isOpen() || !res.socket || res.socket.destroyed) cleanUp();
    },
  );
}
