import { randomUUID } from "node:crypto";
import { CLOUDEVENTS_CONTENT_TYPE, KAFKA_HEADERS } from "@turnout/contracts";
import type { IHeaders } from "kafkajs";
import { getContext, type RequestContext } from "../context";

const HEADER = KAFKA_HEADERS;

/** The Kafka headers of an event written now: its type and the current request's trace. */
export function headersForEvent(eventType: string): Record<string, string> {
  const context = getContext();
  const headers: Record<string, string> = {
    [HEADER.contentType]: CLOUDEVENTS_CONTENT_TYPE,
    [HEADER.ceType]: eventType,
  };
  if (context?.requestId) headers[HEADER.requestId] = context.requestId;
  if (context?.traceparent) headers[HEADER.traceparent] = context.traceparent;
  return headers;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === "string" ? first : first.toString("utf8");
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The context a consumer restores from a message, so its log lines carry the original request id. */
export function contextFromHeaders(headers: IHeaders | undefined): RequestContext {
  const requestId = headerText(headers, HEADER.requestId);
  const traceparent = headerText(headers, HEADER.traceparent);
  return {
    requestId: requestId && SAFE_ID.test(requestId) ? requestId : randomUUID(),
    ...(traceparent && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
  };
}
