import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import {
  listEventMessages,
  MESSAGES_PER_DAY,
  postEventMessage,
  type EventMessage,
  type MessageKeyset,
} from "../domain/event-messages";
import { callerOf } from "./registrations";

const eventParams = z.object({ event_id: z.uuid() });

// A subject is one line; a body may break lines and indent. No other control characters (NUL
// cannot even be stored).
// eslint-disable-next-line no-control-regex
const SUBJECT_FORBIDDEN = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const BODY_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const messageBody = z
  .strictObject({
    subject: z
      .string()
      .trim()
      .min(1)
      .max(150)
      .refine(
        (text) => !SUBJECT_FORBIDDEN.test(text),
        "must be one line without control characters",
      )
      .describe("Plain text, one line, trimmed."),
    body: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .refine(
        (text) => !BODY_FORBIDDEN.test(text),
        "must be plain text: no control characters but line breaks and tabs",
      )
      .describe("Plain text (line breaks and tabs allowed), trimmed."),
  })
  .meta({ id: "EventMessageRequest" });

const messageSchema = z
  .object({
    id: z.uuid(),
    subject: z.string(),
    body: z.string(),
    posted_at: z.iso.datetime(),
    recipients: z.int().describe("The event's confirmed bookings when it was posted."),
  })
  .meta({ id: "EventMessage", description: "A message to an event's confirmed attendees." });

const messagePageSchema = z
  .object({
    items: z.array(messageSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .meta({ id: "EventMessagePage" });

// Cursors are opaque to clients: base64url of the last row's keyset.
const cursorPayload = z.object({ t: z.iso.datetime(), i: z.uuid() });

const encodeCursor = (message: EventMessage): string =>
  Buffer.from(JSON.stringify({ t: message.postedAt.toISOString(), i: message.id })).toString(
    "base64url",
  );

function decodeCursor(value: string): MessageKeyset | undefined {
  try {
    const parsed = cursorPayload.safeParse(
      JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
    );
    return parsed.success ? { postedAt: new Date(parsed.data.t), id: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
}

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(200)
    .refine((value) => decodeCursor(value) !== undefined, "not a cursor from this API")
    .optional()
    .describe("`next_cursor` of the previous page."),
});

const messageReply = (message: EventMessage): z.input<typeof messageSchema> => ({
  id: message.id,
  subject: message.subject,
  body: message.body,
  posted_at: message.postedAt.toISOString(),
  recipients: message.recipients,
});

const MANAGERS = {
  403: "`forbidden`: only the event's organizer or an admin.",
  404: "`event_not_found`",
  503: "`event_service_unavailable`: the event could not be read.",
};

export function eventMessageRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/events/:event_id/messages",
      summary: "Send a message to an event's confirmed attendees (its organizer or an admin)",
      description:
        "Recorded and published on `attendees-messaged`; the notification service mails it and " +
        "adds an inbox entry for every confirmed attendee, as each one's channel settings allow. " +
        `At most ${MESSAGES_PER_DAY} messages per event in any 24 hours.`,
      auth: "bearer",
      scope: "registrations:write",
      request: { params: eventParams, body: messageBody },
      responses: {
        202: { description: "The message, accepted for delivery.", schema: messageSchema },
      },
      problems: {
        ...MANAGERS,
        429: "`too_many_messages`: the event got the most messages it may get in 24 hours (`Retry-After`).",
      },
    },
    async ({ params, body }, _req, res) => {
      const message = await postEventMessage(deps, callerOf(res), params.event_id, body);
      res.status(202).json(messageReply(message));
    },
  );

  api.route(
    {
      method: "get",
      path: "/events/:event_id/messages",
      summary: "The messages sent to an event's attendees, newest first (organizer or admin)",
      auth: "bearer",
      scope: "registrations:read",
      request: { params: eventParams, query: pageQuery },
      responses: { 200: { description: "One page.", schema: messagePageSchema } },
      problems: MANAGERS,
    },
    async ({ params, query }, _req, res) => {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await listEventMessages(
        deps,
        callerOf(res),
        params.event_id,
        query.limit + 1,
        after,
      );
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      res.json({
        items: items.map(messageReply),
        next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      });
    },
  );
}
