export const QUESTION_KINDS = ["text", "choice", "multi_choice", "checkbox"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_PER = ["booking", "seat"] as const;
export type QuestionPer = (typeof QUESTION_PER)[number];

export const QUESTIONS_MAX = 30;
export const QUESTION_LABEL_LENGTH = { min: 1, max: 200 } as const;
export const QUESTION_OPTIONS = { min: 2, max: 20 } as const;
export const QUESTION_OPTION_LENGTH = { min: 1, max: 100 } as const;

/** Kinds whose answer is one (or several) of the options. */
export const hasOptions = (kind: QuestionKind): boolean =>
  kind === "choice" || kind === "multi_choice";

/**
 * A registration question. The event service defines them; the registration service validates
 * answers against them (docs/booking-model.md, "Questions").
 */
export interface Question {
  id: string;
  label: string;
  kind: QuestionKind;
  /** The choices of `choice` / `multi_choice`; empty otherwise. */
  options: string[];
  required: boolean;
  per: QuestionPer;
}

/** A question as an organizer sends it; `id` keeps an existing one (answers stay attached). */
export type QuestionInput = Omit<Question, "id"> & { id?: string };
