import type { Question, TicketType } from "../../api/events";
import type { Answer, Answers, BookingInput } from "../../api/registrations";

/** Whether a type can be booked now (its sales window is `[sales_start, sales_end)`). */
export type SaleState = "on_sale" | "not_yet" | "ended";

export function saleState(type: TicketType, now = Date.now()): SaleState {
  if (type.sales_start && Date.parse(type.sales_start) > now) return "not_yet";
  if (type.sales_end && Date.parse(type.sales_end) <= now) return "ended";
  return "on_sale";
}

/** What the attendee typed: the type, how many, and the answers (per seat and per booking). */
export interface BookingValues {
  typeId: string;
  quantity: number;
  names: string[];
  seatAnswers: Answers[];
  answers: Answers;
}

const isEmpty = (answer: Answer | undefined) =>
  answer === undefined ||
  answer === false ||
  (typeof answer === "string" && answer.trim() === "") ||
  (Array.isArray(answer) && answer.length === 0);

/** Only the answered questions, text trimmed: unanswered optional ones are left out. */
function answered(questions: Question[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const answer = answers[q.id];
    if (answer === undefined || isEmpty(answer)) continue;
    out[q.id] = typeof answer === "string" ? answer.trim() : answer;
  }
  return out;
}

const REQUIRED = "This question needs an answer.";
const CONSENT = "Tick this box to book.";

function missing(questions: Question[], answers: Answers, prefix: string) {
  const errors: Record<string, string> = {};
  for (const q of questions) {
    if (q.required && isEmpty(answers[q.id]))
      errors[`${prefix}${q.id}`] = q.kind === "checkbox" ? CONSENT : REQUIRED;
  }
  return errors;
}

/** Checks required answers (errors keyed as the API's fields) and builds the booking. */
export function readBooking(values: BookingValues, questions: Question[], accessCode: string) {
  const perBooking = questions.filter((q) => q.per === "booking");
  const perSeat = questions.filter((q) => q.per === "seat");
  let errors = missing(perBooking, values.answers, "answers.");
  const attendees: NonNullable<BookingInput["attendees"]> = [];
  for (let i = 0; i < values.quantity; i++) {
    const seat = values.seatAnswers[i] ?? {};
    errors = { ...errors, ...missing(perSeat, seat, `attendees.${i}.answers.`) };
    const name = values.names[i]?.trim() ?? "";
    const seatAnswers = answered(perSeat, seat);
    attendees.push({
      ...(name ? { name } : {}),
      ...(Object.keys(seatAnswers).length > 0 ? { answers: seatAnswers } : {}),
    });
  }
  const input: BookingInput = {
    ...(values.typeId ? { ticket_type_id: values.typeId } : {}),
    ...(values.quantity > 1 ? { quantity: values.quantity } : {}),
    ...(accessCode.trim() ? { access_code: accessCode.trim() } : {}),
  };
  const answers = answered(perBooking, values.answers);
  if (Object.keys(answers).length > 0) input.answers = answers;
  if (attendees.some((a) => Object.keys(a).length > 0)) input.attendees = attendees;
  return { errors, input };
}

/** The fields the API may name in a refusal of this booking. */
export function bookingFields(quantity: number, questions: Question[]): string[] {
  const fields = ["ticket_type_id", "quantity", "access_code"];
  for (const q of questions) {
    if (q.per === "booking") fields.push(`answers.${q.id}`);
    else for (let i = 0; i < quantity; i++) fields.push(`attendees.${i}.answers.${q.id}`);
  }
  for (let i = 0; i < quantity; i++) fields.push(`attendees.${i}.name`);
  return fields;
}

/** Refusals about one field of the booking form. */
export const BOOKING_CODE_FIELDS = {
  ticket_type_not_found: "ticket_type_id",
  sales_not_started: "ticket_type_id",
  sales_ended: "ticket_type_id",
  quantity_exceeds_max: "quantity",
};
