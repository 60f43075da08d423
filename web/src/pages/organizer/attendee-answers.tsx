import type { Question } from "../../api/events";
import type { Answer, Answers } from "../../api/registrations";

export const formatAnswer = (answer: Answer): string =>
  typeof answer === "boolean"
    ? answer
      ? "Yes"
      : "No"
    : Array.isArray(answer)
      ? answer.join(", ")
      : answer;

/** Answers as "question: answer" pairs, in the event's order of questions. */
export function AnswerList({ answers, questions }: { answers: Answers; questions: Question[] }) {
  const known = questions.flatMap((q) => {
    const answer = answers[q.id];
    return answer === undefined ? [] : [{ q, answer }];
  });
  if (known.length === 0) return null;
  return (
    <dl className="answers">
      {known.map(({ q, answer }) => (
        <div key={q.id}>
          <dt>{q.label}</dt>
          <dd>{formatAnswer(answer)}</dd>
        </div>
      ))}
    </dl>
  );
}
