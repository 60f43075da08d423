import { execute, queryRows, statement, type Db } from "@turnout/kit";
import { QUESTION_KINDS, QUESTION_PER, type Question } from "../domain/questions";

type QuestionRow = Omit<Question, "kind" | "per"> & { kind: string; per: string };

const oneOf = <T extends string>(values: readonly T[], value: string, what: string): T => {
  const found = values.find((candidate) => candidate === value);
  // The columns have CHECK constraints; anything else is a broken database, not bad input.
  if (found === undefined) throw new Error(`unknown question ${what} ${value}`);
  return found;
};

export const toQuestion = (row: QuestionRow): Question => ({
  ...row,
  kind: oneOf(QUESTION_KINDS, row.kind, "kind"),
  per: oneOf(QUESTION_PER, row.per, "per"),
});

const listForEvent = statement<QuestionRow>(
  "event_questions_list_for_event",
  `SELECT id, label, kind, options, required, per FROM event_questions
   WHERE event_id = $1::uuid ORDER BY position`,
);

const removeOthers = statement(
  "event_questions_remove_others",
  `DELETE FROM event_questions WHERE event_id = $1::uuid AND NOT (id = ANY ($2::uuid[]))`,
);

// The new list in one statement: rows are given as JSON (at most 30).
const upsert = statement(
  "event_questions_upsert",
  `INSERT INTO event_questions (id, event_id, position, label, kind, options, required, per)
   SELECT q.id, $1::uuid, q.position, q.label, q.kind,
     ARRAY(SELECT jsonb_array_elements_text(q.options)), q.required, q.per
   FROM jsonb_to_recordset($2::jsonb) AS q(id uuid, position integer, label text, kind text,
     options jsonb, required boolean, per text)
   ON CONFLICT (id) DO UPDATE SET position = excluded.position, label = excluded.label,
     kind = excluded.kind, options = excluded.options, required = excluded.required,
     per = excluded.per
   WHERE event_questions.event_id = $1::uuid`,
);

/** An event's registration questions, in the organizer's order. */
export function questionsRepository(db: Db) {
  return {
    listForEvent: async (eventId: string): Promise<Question[]> =>
      (await queryRows(db, listForEvent, [eventId])).map(toQuestion),

    /** Makes `questions` (in this order) the event's list; the others are removed. */
    async replaceAll(eventId: string, questions: readonly Question[]): Promise<void> {
      await execute(db, removeOthers, [eventId, questions.map((question) => question.id)]);
      if (questions.length === 0) return;
      const rows = JSON.stringify(
        questions.map((question, position) => ({ ...question, position })),
      );
      const written = await execute(db, upsert, [eventId, rows]);
      if (written !== questions.length)
        throw new Error(`questions of event ${eventId}: wrote ${written} of ${questions.length}`);
    },
  };
}
