import { z } from "zod";
import type { EventDetail, EventRecord } from "../domain/event";
import {
  hasOptions,
  QUESTION_KINDS,
  QUESTION_LABEL_LENGTH,
  QUESTION_OPTION_LENGTH,
  QUESTION_OPTIONS,
  QUESTION_PER,
  QUESTIONS_MAX,
  type Question,
  type QuestionInput,
} from "../domain/questions";
import {
  ACCESS_CODE_LENGTH,
  MAX_PER_ORDER,
  QUOTA,
  TICKET_TYPE_DESCRIPTION_MAX_LENGTH,
  TICKET_TYPE_NAME_LENGTH,
  TICKET_TYPES,
  typeSeatsAvailable,
  type TicketType,
  type TicketTypeInput,
} from "../domain/ticket-types";

// Local copies of the event schema's inputs (that file imports this one).
const uuid = z.uuid().transform((id) => id.toLowerCase());
const timestamp = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((time) => time.getUTCFullYear() >= 1 && time.getUTCFullYear() <= 9999, {
    message: "must be between the years 0001 and 9999",
  });

const ticketTypeInput = z
  .strictObject({
    id: uuid.optional().describe("Keeps (updates) this type; omit to add a type (PATCH only)."),
    name: z.string().trim().min(TICKET_TYPE_NAME_LENGTH.min).max(TICKET_TYPE_NAME_LENGTH.max),
    description: z.string().max(TICKET_TYPE_DESCRIPTION_MAX_LENGTH).default(""),
    quota: z.int().min(QUOTA.min).max(QUOTA.max).describe("Seats of this type."),
    sales_start: timestamp.nullable().default(null),
    sales_end: timestamp.nullable().default(null).describe("Exclusive; after `sales_start`."),
    max_per_order: z.int().min(MAX_PER_ORDER.min).max(MAX_PER_ORDER.max).default(10),
    hidden: z.boolean().default(false).describe("Listed and sold only with its access code."),
    access_code: z
      .string()
      .min(ACCESS_CODE_LENGTH.min)
      .max(ACCESS_CODE_LENGTH.max)
      .optional()
      .describe(
        "Write-only; required for a new hidden type. Omit on a kept type to keep its code. " +
          "Stored as a SHA-256 hash, never returned.",
      ),
  })
  .refine((t) => !t.sales_start || !t.sales_end || t.sales_end > t.sales_start, {
    message: "must be after sales_start",
    path: ["sales_end"],
  })
  .meta({ id: "TicketTypeInput" });

const distinctNames = (types: readonly { name: string }[]) =>
  new Set(types.map((type) => type.name.toLowerCase())).size === types.length;
const distinctIds = (items: readonly { id?: string | undefined }[]) => {
  const ids = items.flatMap((item) => (item.id === undefined ? [] : [item.id]));
  return new Set(ids).size === ids.length;
};

export const ticketTypesInput = z
  .array(ticketTypeInput)
  .min(TICKET_TYPES.min)
  .max(TICKET_TYPES.max)
  .refine(distinctNames, { message: "names must be unique (case-insensitive)" })
  .refine(distinctIds, { message: "ids must be unique" })
  .describe(
    "The event's ticket types in order (1–20). In a PATCH, the whole list after the change: an " +
      "item with an `id` updates that type, one without adds a type, a type left out is removed.",
  );

const questionInput = z
  .strictObject({
    id: uuid.optional().describe("Keeps this question (answers stay attached); PATCH only."),
    label: z.string().trim().min(QUESTION_LABEL_LENGTH.min).max(QUESTION_LABEL_LENGTH.max),
    kind: z.enum(QUESTION_KINDS),
    options: z
      .array(z.string().trim().min(QUESTION_OPTION_LENGTH.min).max(QUESTION_OPTION_LENGTH.max))
      .max(QUESTION_OPTIONS.max)
      .default([])
      .describe("2–20 distinct choices for `choice` / `multi_choice`; empty otherwise."),
    required: z.boolean().default(false),
    per: z.enum(QUESTION_PER).default("booking").describe("Asked once per booking, or per seat."),
  })
  .superRefine((q, ctx) => {
    const count = q.options.length;
    if (hasOptions(q.kind) && count < QUESTION_OPTIONS.min)
      ctx.addIssue({ code: "custom", path: ["options"], message: "needs at least 2 options" });
    if (!hasOptions(q.kind) && count > 0)
      ctx.addIssue({ code: "custom", path: ["options"], message: `must be empty for ${q.kind}` });
    if (new Set(q.options).size !== count)
      ctx.addIssue({ code: "custom", path: ["options"], message: "must be distinct" });
  })
  .meta({ id: "QuestionInput" });

export const questionsInput = z
  .array(questionInput)
  .max(QUESTIONS_MAX)
  .refine(distinctIds, { message: "ids must be unique" })
  .describe("The event's registration questions in order (0–30); in a PATCH, the whole list.");

export const ticketTypeInputs = (
  items: z.output<typeof ticketTypesInput> | undefined,
): TicketTypeInput[] | undefined =>
  items?.map((item) => ({
    ...(item.id === undefined ? {} : { id: item.id }),
    name: item.name,
    description: item.description,
    quota: item.quota,
    salesStart: item.sales_start,
    salesEnd: item.sales_end,
    maxPerOrder: item.max_per_order,
    hidden: item.hidden,
    ...(item.access_code === undefined ? {} : { accessCode: item.access_code }),
  }));

export const questionInputs = (
  items: z.output<typeof questionsInput> | undefined,
): QuestionInput[] | undefined =>
  items?.map(({ id, ...question }) => ({ ...(id === undefined ? {} : { id }), ...question }));

export const ticketTypeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    quota: z.int(),
    seats_taken: z.int(),
    seats_available: z.int().describe("min(quota − seats_taken, event's seats available)."),
    sales_start: z.iso.datetime().nullable(),
    sales_end: z.iso.datetime().nullable(),
    max_per_order: z.int(),
    hidden: z.boolean(),
  })
  .meta({ id: "TicketType" });

export const questionSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    kind: z.enum(QUESTION_KINDS),
    options: z.array(z.string()),
    required: z.boolean(),
    per: z.enum(QUESTION_PER),
  })
  .meta({ id: "Question" });

export const ticketTypeReply = (
  type: TicketType,
  event: Pick<EventRecord, "capacity" | "seatsTaken">,
): z.input<typeof ticketTypeSchema> => ({
  id: type.id,
  name: type.name,
  description: type.description,
  quota: type.quota,
  seats_taken: type.seatsTaken,
  seats_available: typeSeatsAvailable(type, event),
  sales_start: type.salesStart?.toISOString() ?? null,
  sales_end: type.salesEnd?.toISOString() ?? null,
  max_per_order: type.maxPerOrder,
  hidden: type.hidden,
});

export const questionReply = (question: Question): z.input<typeof questionSchema> => ({
  id: question.id,
  label: question.label,
  kind: question.kind,
  options: question.options,
  required: question.required,
  per: question.per,
});

/** The lists of an event's detail: `types` are those the caller may see. */
export const listsReply = (event: EventDetail, types: readonly TicketType[]) => ({
  ticket_types: types.map((type) => ticketTypeReply(type, event)),
  questions: event.questions.map(questionReply),
});
