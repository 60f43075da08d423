import type { Writable } from "node:stream";
import { KAFKA_HEADERS } from "@turnout/contracts";
import type { MessageView } from "./message-view";

const indent = (text: string, by: string): string =>
  text
    .split("\n")
    .map((line) => by + line)
    .join("\n");

/** A message for a terminal: one heading line, the headers that matter, then the data. */
export function formatMessage(view: MessageView): string {
  const lines = [
    `${view.time}  ${view.topic}  partition ${view.partition}  offset ${view.offset}  key ${view.key ?? "(none)"}`,
  ];
  const fields: [string, string][] = [];
  if (view.ceType !== undefined) fields.push([KAFKA_HEADERS.ceType, view.ceType]);
  if (view.requestId !== undefined) fields.push([KAFKA_HEADERS.requestId, view.requestId]);
  for (const [name, value] of Object.entries(view.dlq)) fields.push([name, value]);
  if (view.eventId !== undefined) fields.push(["event id", view.eventId]);
  if (view.masked) fields.push(["note", "internal topic: token-like fields masked"]);
  const width = Math.max(0, ...fields.map(([name]) => name.length));
  for (const [name, value] of fields) lines.push(`  ${name.padEnd(width)}  ${value}`);
  if ("data" in view) {
    lines.push("  data:", indent(JSON.stringify(view.data, null, 2), "    "));
  } else {
    const value = typeof view.value === "string" ? view.value : JSON.stringify(view.value, null, 2);
    lines.push("  value (not a CloudEvents envelope):", indent(value, "    "));
  }
  return lines.join("\n") + "\n\n";
}

/** One JSON object per line, for jq and friends. */
export function formatMessageJson(view: MessageView): string {
  return JSON.stringify(view) + "\n";
}

export interface MessagePrinter {
  print(view: MessageView): void;
}

export function createMessagePrinter(out: Writable, json: boolean): MessagePrinter {
  return {
    print(view) {
      out.write(json ? formatMessageJson(view) : formatMessage(view));
    },
  };
}
