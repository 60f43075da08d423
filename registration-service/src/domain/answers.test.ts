import { createHash } from "node:crypto";
import { AppError } from "@turnout/kit";
import { validateAnswers } from "./answers";
import {
  accessCodeMatches,
  bookableType,
  type BookableEvent,
  type Question,
} from "./booking-rules";

const q = (id: string, kind: Question["kind"], extra: Partial<Question> = {}): Question => ({
  id,
  label: id,
  kind,
  options: kind === "choice" || kind === "multi_choice" ? ["a", "b"] : [],
  required: false,
  per: "booking",
  ...extra,
});

const paths = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.status === 422) {
      return (error.errors ?? []).map((e) => e.path).sort();
    }
    throw error;
  }
  return [];
};

test("answers are checked by kind, required, options, level and id", () => {
  const questions = [
    q("t", "text", { required: true }),
    q("c", "checkbox", { required: true }),
    q("m", "multi_choice", { per: "seat" }),
    q("s", "choice", { per: "seat", required: true }),
  ];
  expect(
    paths(() =>
      validateAnswers(questions, 2, { t: " ", c: false, m: ["a"], x: 1 }, [
        { answers: { s: "z", m: ["a", "a"] } },
        { answers: { s: "a" } },
        {},
      ]),
    ),
  ).toEqual(
    [
      "answers.c",
      "answers.m",
      "answers.t",
      "answers.x",
      "attendees",
      "attendees.0.answers.m",
      "attendees.0.answers.s",
    ].sort(),
  );
  expect(paths(() => validateAnswers(questions, 1, { t: "x".repeat(1001), c: true }, []))).toEqual([
    "answers.t",
    "attendees.0.answers.s",
  ]);
  expect(
    validateAnswers(questions, 2, { t: "ACME", c: true }, [
      { name: "Ada", answers: { s: "a", m: ["b", "a"] } },
      { answers: { s: "b" } },
    ]),
  ).toEqual({
    answers: { t: "ACME", c: true },
    seats: [
      { attendeeName: "Ada", answers: { s: "a", m: ["b", "a"] } },
      { attendeeName: null, answers: { s: "b" } },
    ],
  });
});

test("a type's rules: hidden code (hash compare), sales window, max_per_order", () => {
  const hash = createHash("sha256").update("secret-code").digest("hex");
  expect(accessCodeMatches("secret-code", hash)).toBe(true);
  expect(accessCodeMatches("secret-codf", hash)).toBe(false);
  expect(accessCodeMatches(undefined, hash)).toBe(false);
  const now = new Date("2026-01-01T12:00:00Z");
  const type = {
    name: "T",
    maxPerOrder: 2,
    salesStart: null,
    salesEnd: null,
    hidden: false,
    accessCodeSha256: null,
  };
  const event = {
    ticketTypes: [
      { ...type, id: "open" },
      { ...type, id: "hidden", hidden: true, accessCodeSha256: hash },
      { ...type, id: "later", salesStart: new Date("2026-01-02T00:00:00Z") },
      { ...type, id: "over", salesEnd: now },
    ],
    questions: [],
  } as unknown as BookableEvent;
  const code = (run: () => unknown) => {
    try {
      run();
      return "ok";
    } catch (error) {
      return (error as AppError).code;
    }
  };
  const book = (ticketTypeId: string | undefined, quantity = 1, accessCode?: string) =>
    code(() => bookableType(event, { ticketTypeId, quantity, accessCode }, now));
  expect(book(undefined)).toBe("ok");
  expect(book("open", 3)).toBe("quantity_exceeds_max");
  expect(book("hidden")).toBe("ticket_type_not_found");
  expect(book("hidden", 1, "secret-code")).toBe("ok");
  expect(book("later")).toBe("sales_not_started");
  expect(book("over")).toBe("sales_ended");
  expect(book("nope")).toBe("ticket_type_not_found");
});
