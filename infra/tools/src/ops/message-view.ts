import { DLQ_HEADERS, KAFKA_HEADERS } from "@turnout/contracts";
import type { IHeaders, KafkaMessage } from "kafkajs";
import { isInternalEvent, maskJwts, maskTokenLikeFields } from "./mask-secrets";

/** A Kafka message as the ops commands show it; secrets already masked. */
export interface MessageView {
  /** Kafka timestamp (ISO 8601). */
  time: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  ceType?: string;
  requestId?: string;
  /** The `x-dlq-*` headers present, by full header name. */
  dlq: Record<string, string>;
  eventId?: string;
  /** The envelope's `data`, when the value is a CloudEvents envelope. */
  data?: unknown;
  /** The value otherwise: parsed JSON, text, or a note saying why it is not shown. */
  value?: unknown;
  /** True on internal topics: token-like fields were replaced. */
  masked: boolean;
}

export type InternalPredicate = (topic: string, type: string | undefined) => boolean;

const DLQ_HEADER_NAMES: readonly string[] = Object.values(DLQ_HEADERS);

/** A header's value as text; kafkajs gives Buffers, strings, or arrays when a name repeats. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

function kafkaTime(timestamp: string): string {
  const ms = Number(timestamp);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : timestamp;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function viewMessage(
  topic: string,
  partition: number,
  message: KafkaMessage,
  isInternal: InternalPredicate = isInternalEvent,
): MessageView {
  const headers = message.headers;
  const ceType = headerText(headers, KAFKA_HEADERS.ceType);
  const requestId = headerText(headers, KAFKA_HEADERS.requestId);
  const text = message.value?.toString("utf8");
  const parsed = text === undefined ? undefined : parseJson(text);
  const envelope =
    parsed?.ok &&
    typeof parsed.value === "object" &&
    parsed.value !== null &&
    "data" in parsed.value
      ? (parsed.value as { id?: unknown; type?: unknown; data: unknown })
      : undefined;
  const type = typeof envelope?.type === "string" ? envelope.type : ceType;
  const masked = isInternal(topic, type);
  const mask = masked ? maskTokenLikeFields : maskJwts;
  // An error message can quote the value it choked on.
  const dlq: Record<string, string> = {};
  for (const name of DLQ_HEADER_NAMES) {
    const header = headerText(headers, name);
    if (header !== undefined) dlq[name] = String(mask(header));
  }

  let body: Pick<MessageView, "eventId" | "data" | "value">;
  if (envelope) {
    body = {
      ...(typeof envelope.id === "string" ? { eventId: envelope.id } : {}),
      data: mask(envelope.data),
    };
  } else if (text === undefined) {
    body = { value: null };
  } else if (parsed?.ok) {
    body = { value: mask(parsed.value) };
  } else {
    // Unparseable text cannot be searched for token-like fields, so on an internal topic it
    // is not shown at all.
    body = {
      value: masked
        ? `[not shown: ${Buffer.byteLength(text)} bytes of non-JSON on an internal topic]`
        : mask(text),
    };
  }
  // Built in reading order, which is also the order of the --json output.
  const view: MessageView = {
    time: kafkaTime(message.timestamp),
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString("utf8") ?? null,
    ...(ceType !== undefined ? { ceType } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    dlq,
    ...body,
    masked,
  };
  return view;
}
