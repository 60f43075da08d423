import type { QuestionInput, QuestionKind, TicketTypeInput, TurnoutEvent } from "../../api/events";
import { utcToZoned, zonedToUtc } from "../../zoned-time";

/** A ticket type as typed in the event form; `key` tells rows apart before they have an id. */
export interface TicketTypeRow {
  key: string;
  id?: string;
  name: string;
  description: string;
  quota: string;
  sales_start: string;
  sales_end: string;
  max_per_order: string;
  hidden: boolean;
  /** Empty on edit: a hidden type keeps its code unless a new one is typed. */
  access_code: string;
}

/** A question as typed; `options` is one option per line. */
export interface QuestionRow {
  key: string;
  id?: string;
  label: string;
  kind: QuestionKind;
  options: string;
  required: boolean;
  per: "booking" | "seat";
}

let counter = 0;
const newKey = () => `row-${++counter}`;

export const DEFAULT_TYPE_NAME = "General admission";

export const newTicketTypeRow = (name = "", quota = ""): TicketTypeRow => ({
  key: newKey(),
  name,
  description: "",
  quota,
  sales_start: "",
  sales_end: "",
  max_per_order: "10",
  hidden: false,
  access_code: "",
});

export const newQuestionRow = (): QuestionRow => ({
  key: newKey(),
  label: "",
  kind: "text",
  options: "",
  required: false,
  per: "booking",
});

export function rowsFrom(event: TurnoutEvent, zone: string) {
  const types: TicketTypeRow[] = event.ticket_types.map((t) => ({
    key: newKey(),
    id: t.id,
    name: t.name,
    description: t.description,
    quota: String(t.quota),
    sales_start: t.sales_start ? utcToZoned(t.sales_start, zone) : "",
    sales_end: t.sales_end ? utcToZoned(t.sales_end, zone) : "",
    max_per_order: String(t.max_per_order),
    hidden: t.hidden,
    access_code: "",
  }));
  const questions: QuestionRow[] = event.questions.map((q) => ({
    key: newKey(),
    id: q.id,
    label: q.label,
    kind: q.kind,
    options: q.options.join("\n"),
    required: q.required,
    per: q.per,
  }));
  return { types, questions };
}

const CHOICE_KINDS: readonly QuestionKind[] = ["choice", "multi_choice"];
export const hasOptions = (kind: QuestionKind) => CHOICE_KINDS.includes(kind);
const optionList = (text: string) =>
  text
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);

/** Checks the rows (errors keyed as the API's paths, `ticket_types.0.quota`) and builds them. */
export function readRows(
  types: TicketTypeRow[],
  questions: QuestionRow[],
  zone: string | undefined,
  editing: boolean,
) {
  const errors: Record<string, string | undefined> = {};
  const names = new Set<string>();
  const ticketTypes: TicketTypeInput[] = types.map((row, i) => {
    const at = (field: string) => `ticket_types.${i}.${field}`;
    const name = row.name.trim();
    const quota = Number(row.quota);
    const max = Number(row.max_per_order);
    const start = row.sales_start && zone ? zonedToUtc(row.sales_start, zone) : undefined;
    const end = row.sales_end && zone ? zonedToUtc(row.sales_end, zone) : undefined;
    if (!name) errors[at("name")] = "Name this ticket type.";
    else if (names.has(name.toLowerCase())) errors[at("name")] = "Each type needs its own name.";
    names.add(name.toLowerCase());
    if (!Number.isInteger(quota) || quota < 1 || quota > 100_000)
      errors[at("quota")] = "Enter a whole number of seats from 1 to 100,000.";
    if (!Number.isInteger(max) || max < 1 || max > 50)
      errors[at("max_per_order")] = "Enter a whole number from 1 to 50.";
    if (start && end && end <= start) errors[at("sales_end")] = "Sales must end after they start.";
    const code = row.access_code.trim();
    const needsCode = row.hidden && (!editing || !row.id);
    if ((needsCode || code) && (code.length < 4 || code.length > 64))
      errors[at("access_code")] = "A hidden type needs an access code of 4 to 64 characters.";
    return {
      ...(row.id ? { id: row.id } : {}),
      name,
      description: row.description,
      quota,
      sales_start: start ?? null,
      sales_end: end ?? null,
      max_per_order: max,
      hidden: row.hidden,
      ...(row.hidden && code ? { access_code: code } : {}),
    };
  });
  if (types.length === 0 && !editing) errors.ticket_types = "Add at least one ticket type.";
  const questionInputs: QuestionInput[] = questions.map((row, i) => {
    const at = (field: string) => `questions.${i}.${field}`;
    const options = hasOptions(row.kind) ? optionList(row.options) : [];
    if (!row.label.trim()) errors[at("label")] = "Write the question.";
    if (hasOptions(row.kind) && (options.length < 2 || new Set(options).size !== options.length))
      errors[at("options")] = "Give at least 2 different options, one per line.";
    return {
      ...(row.id ? { id: row.id } : {}),
      label: row.label.trim(),
      kind: row.kind,
      options,
      required: row.required,
      per: row.per,
    };
  });
  return { errors, ticketTypes, questions: questionInputs };
}

/** The fields the API may name in errors, most precise first (form-errors matches prefixes). */
export function rowFields(types: number, questions: number): string[] {
  const fields: string[] = [];
  const typeFields = ["name", "description", "quota", "sales_start", "sales_end"];
  for (let i = 0; i < types; i++) {
    for (const f of [...typeFields, "max_per_order", "access_code"])
      fields.push(`ticket_types.${i}.${f}`);
  }
  for (let i = 0; i < questions; i++) {
    for (const f of ["label", "kind", "options"]) fields.push(`questions.${i}.${f}`);
  }
  return [...fields, "ticket_types", "questions", "seat_changes_until"];
}
