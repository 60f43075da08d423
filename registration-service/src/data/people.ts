import { execute, queryOne, statement, type Db } from "@turnout/kit";

// The service's copy of every account's name and email (`people`), from `user-registered`,
// `user-profile-updated` and `user-deleted`. The three arrive on different topics, in any order
// (a new consumer group reads them from the beginning), so every write keeps the newest by the
// message's time: an older message never overwrites a newer one. `email` is '' until
// `user-registered` brings it (a profile update may come first). A deleted account leaves a
// tombstone (no name, no email, `source_updated_at` = infinity) that no later or replayed
// message brings back, as the other services' `deleted_users` tombstones do.

/** A person as the attendee list shows them; null fields when unknown or deleted. */
export interface Person {
  userId: string;
  email: string | null;
  displayName: string | null;
  deleted: boolean;
}

interface PersonRow {
  user_id: string;
  email: string;
  display_name: string | null;
  deleted: boolean;
}

// The email only ever comes from here (one per account), so it is always taken; the name only
// when this message is newer than what is stored.
const saveRegistered = statement(
  "registrations_people_save_registered",
  `INSERT INTO people AS p (user_id, email, display_name, source_updated_at)
   VALUES ($1::uuid, $2, $3, $4::timestamptz)
   ON CONFLICT (user_id) DO UPDATE SET
     email = EXCLUDED.email,
     display_name = CASE WHEN EXCLUDED.source_updated_at > p.source_updated_at
                         THEN EXCLUDED.display_name ELSE p.display_name END,
     source_updated_at = GREATEST(p.source_updated_at, EXCLUDED.source_updated_at)
   WHERE p.source_updated_at <> 'infinity'`,
);
const saveDisplayName = statement(
  "registrations_people_save_display_name",
  `INSERT INTO people AS p (user_id, email, display_name, source_updated_at)
   VALUES ($1::uuid, '', $2, $3::timestamptz)
   ON CONFLICT (user_id) DO UPDATE SET
     display_name = EXCLUDED.display_name, source_updated_at = EXCLUDED.source_updated_at
   WHERE EXCLUDED.source_updated_at > p.source_updated_at`,
);
const forget = statement(
  "registrations_people_forget",
  `INSERT INTO people (user_id, email, display_name, source_updated_at)
   VALUES ($1::uuid, '', NULL, 'infinity')
   ON CONFLICT (user_id) DO UPDATE SET
     email = '', display_name = NULL, source_updated_at = 'infinity'`,
);
const find = statement<PersonRow>(
  "registrations_people_find",
  `SELECT user_id, email, display_name, source_updated_at = 'infinity' AS deleted
   FROM people WHERE user_id = $1::uuid`,
);

export function peopleRepository(db: Db) {
  return {
    /** From `user-registered` (`at`: the message's time). */
    async saveRegistered(input: {
      userId: string;
      email: string;
      displayName: string | null;
      at: string;
    }): Promise<void> {
      await execute(db, saveRegistered, [input.userId, input.email, input.displayName, input.at]);
    },

    /** From `user-profile-updated`: the display name after the change. */
    async saveDisplayName(input: {
      userId: string;
      displayName: string | null;
      at: string;
    }): Promise<void> {
      await execute(db, saveDisplayName, [input.userId, input.displayName, input.at]);
    },

    /** From `user-deleted`: forgets the name and email for good. */
    async forget(userId: string): Promise<void> {
      await execute(db, forget, [userId]);
    },

    async find(userId: string): Promise<Person | null> {
      const row = await queryOne(db, find, [userId]);
      if (!row) return null;
      return {
        userId: row.user_id,
        email: row.email === "" ? null : row.email,
        displayName: row.display_name,
        deleted: row.deleted,
      };
    },
  };
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;
