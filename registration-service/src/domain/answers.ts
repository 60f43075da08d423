import { AppError, type FieldError } from "@turnout/kit";
import type { Answer, Answers, Question } from "./booking-rules";

/** The most characters of a text answer. */
export const ANSWER_TEXT_MAX = 1000;

export interface AttendeeInput {
  name?: string | undefined;
  answers?: Record<string, unknown> | undefined;
}

export interface SeatDraft {
  attendeeName: string | null;
  answers: Answers;
}

export interface ValidatedAnswers {
  answers: Answers;
  /** One per seat, in order (seat `i` gets attendee `i`). */
  seats: SeatDraft[];
}

/** 422 `validation_failed` with the field errors (the body was well-formed, its answers not). */
export const answersInvalid = (errors: FieldError[]): AppError =>
  new AppError(422, "validation_failed", "Some answers are not valid.", { errors });

/** The answer as stored, or a message saying why it is not one; undefined = no answer. */
function checkAnswer(question: Question, value: unknown): Answer | undefined | { error: string } {
  switch (question.kind) {
    case "text":
      if (typeof value !== "string") return { error: "must be text" };
      if (value.trim() === "") return undefined;
      if (value.length > ANSWER_TEXT_MAX) {
        return { error: `must be at most ${ANSWER_TEXT_MAX} characters` };
      }
      return value;
    case "choice":
      if (typeof value !== "string" || !question.options.includes(value)) {
        return { error: "must be one of the question's options" };
      }
      return value;
    case "multi_choice": {
      if (!Array.isArray(value) || !value.every((v) => question.options.includes(v as string))) {
        return { error: "must be a list of the question's options" };
      }
      if (new Set(value).size !== value.length) return { error: "must not repeat an option" };
      return value.length === 0 ? undefined : (value as string[]);
    }
    case "checkbox":
      if (typeof value !== "boolean") return { error: "must be true or false" };
      // A required box is a consent: only `true` answers it.
      return question.required && !value ? undefined : value;
  }
}

/** Checks one set of answers against the questions asked at that level. */
function checkSet(
  asked: Question[],
  other: Question[],
  given: Record<string, unknown> | undefined,
  field: string,
  errors: FieldError[],
): Answers {
  const result: Answers = {};
  const byId = new Map(asked.map((question) => [question.id, question]));
  const elsewhere = new Set(other.map((question) => question.id));
  for (const [id, value] of Object.entries(given ?? {})) {
    const question = byId.get(id);
    const path = `${field}.${id}`;
    if (!question) {
      errors.push({
        path,
        code: "unknown_question",
        message: elsewhere.has(id)
          ? "this question is not asked here (see its `per`)"
          : "the event has no such question",
      });
      continue;
    }
    const checked = checkAnswer(question, value);
    if (typeof checked === "object" && "error" in checked) {
      errors.push({ path, code: "invalid_answer", message: checked.error });
    } else if (checked !== undefined) {
      result[id] = checked;
    }
  }
  for (const question of asked) {
    if (
      question.required &&
      result[question.id] === undefined &&
      !hasError(errors, field, question)
    ) {
      errors.push({ path: `${field}.${question.id}`, code: "required", message: "is required" });
    }
  }
  return result;
}

const hasError = (errors: FieldError[], field: string, question: Question) =>
  errors.some((error) => error.path === `${field}.${question.id}`);

/**
 * The booking's answers and its seats' names and answers, checked against the event's questions
 * (docs/booking-model.md, "Questions"); throws {@link answersInvalid} naming every bad field.
 */
export function validateAnswers(
  questions: Question[],
  quantity: number,
  answers: Record<string, unknown> | undefined,
  attendees: AttendeeInput[] | undefined,
): ValidatedAnswers {
  const errors: FieldError[] = [];
  const perBooking = questions.filter((question) => question.per === "booking");
  const perSeat = questions.filter((question) => question.per === "seat");
  if ((attendees?.length ?? 0) > quantity) {
    errors.push({
      path: "attendees",
      code: "too_big",
      message: "must have at most `quantity` items",
    });
  }
  const bookingAnswers = checkSet(perBooking, perSeat, answers, "answers", errors);
  const seats: SeatDraft[] = [];
  for (let i = 0; i < quantity; i++) {
    const attendee = attendees?.[i];
    seats.push({
      attendeeName: attendee?.name ?? null,
      answers: checkSet(perSeat, perBooking, attendee?.answers, `attendees.${i}.answers`, errors),
    });
  }
  if (errors.length > 0) throw answersInvalid(errors);
  return { answers: bookingAnswers, seats };
}
