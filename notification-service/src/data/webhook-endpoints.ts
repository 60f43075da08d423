import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

export type OwnerKind = "organizer" | "admin";

/** An endpoint as its owner sees it (never its secrets). */
export interface WebhookEndpoint {
  id: string;
  ownerId: string;
  ownerKind: OwnerKind;
  eventId: string | null;
  url: string;
  eventTypes: string[];
  description: string | null;
  status: "active" | "disabled";
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The encrypted secrets that sign an endpoint's deliveries. */
export interface EndpointSecrets {
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
}

interface EndpointRow {
  id: string;
  owner_id: string;
  owner_kind: OwnerKind;
  event_id: string | null;
  url: string;
  event_types: string[];
  description: string | null;
  status: "active" | "disabled";
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id::text, owner_id::text, owner_kind, event_id::text, url, event_types, description,
  status, disabled_reason, failing_since, created_at, updated_at`;

const view = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  ownerId: row.owner_id,
  ownerKind: row.owner_kind,
  eventId: row.event_id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  status: row.status,
  disabledReason: row.disabled_reason,
  failingSince: row.failing_since,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

// The count and the insert are one statement; two creates at the same instant may both pass the
// count (a limit against accidents and loops, not a quota to the row).
const insertEndpoint = statement<EndpointRow>(
  "notifications_webhook_endpoints_insert",
  `INSERT INTO webhook_endpoints (id, owner_id, owner_kind, event_id, url, event_types,
     description, secret_ciphertext)
   SELECT $1::uuid, $2::uuid, $3, $4::uuid, $5, $6::text[], $7, $8
   WHERE (SELECT count(*) FROM webhook_endpoints WHERE owner_id = $2::uuid) < $9::int
   RETURNING ${COLUMNS}`,
);

const listByOwner = statement<EndpointRow>(
  "notifications_webhook_endpoints_list",
  `SELECT ${COLUMNS} FROM webhook_endpoints WHERE owner_id = $1::uuid
   ORDER BY created_at DESC, id DESC LIMIT $2::int`,
);

const findOwned = statement<EndpointRow>(
  "notifications_webhook_endpoints_find",
  `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1::uuid AND owner_id = $2::uuid`,
);

// `$5` says whether `description` was sent (null is a value: it clears it). `$6` enabled:
// true re-activates (and forgets the failing streak), false disables by hand, null keeps.
const updateEndpoint = statement<EndpointRow>(
  "notifications_webhook_endpoints_update",
  `UPDATE webhook_endpoints SET
     url = COALESCE($3, url),
     event_types = COALESCE($4::text[], event_types),
     description = CASE WHEN $5::boolean THEN $7 ELSE description END,
     status = CASE WHEN $6::boolean IS NULL THEN status
                   WHEN $6::boolean THEN 'active' ELSE 'disabled' END,
     disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason
                            WHEN $6::boolean THEN NULL
                            WHEN status = 'disabled' THEN disabled_reason ELSE 'by_owner' END,
     failing_since = CASE WHEN $6::boolean THEN NULL ELSE failing_since END,
     updated_at = now()
   WHERE id = $1::uuid AND owner_id = $2::uuid
   RETURNING ${COLUMNS}`,
);

const deleteEndpoint = statement(
  "notifications_webhook_endpoints_delete",
  `DELETE FROM webhook_endpoints WHERE id = $1::uuid AND owner_id = $2::uuid`,
);

const rotateSecret = statement<{ previous_secret_expires_at: Date }>(
  "notifications_webhook_endpoints_rotate",
  `UPDATE webhook_endpoints SET previous_secret_ciphertext = secret_ciphertext,
     secret_ciphertext = $3, previous_secret_expires_at = now() + make_interval(secs => $4::int),
     updated_at = now()
   WHERE id = $1::uuid AND owner_id = $2::uuid
   RETURNING previous_secret_expires_at`,
);

// The organizer the latest applied message named (an event's organizer does not change in
// Turnout today, so the order of messages does not matter here).
const recordOwner = statement(
  "notifications_webhook_event_owners_record",
  `INSERT INTO webhook_event_owners (event_id, organizer_id) VALUES ($1::uuid, $2::uuid)
   ON CONFLICT (event_id) DO UPDATE SET organizer_id = excluded.organizer_id, updated_at = now()
     WHERE webhook_event_owners.organizer_id <> excluded.organizer_id`,
);

const ownerOf = statement<{ organizer_id: string }>(
  "notifications_webhook_event_owners_find",
  `SELECT organizer_id::text FROM webhook_event_owners WHERE event_id = $1::uuid`,
);

export function webhookEndpointsRepository(db: Db) {
  return {
    /** Adds an endpoint; undefined when the owner already has `maxPerOwner`. */
    async create(input: {
      /** Chosen by the caller: the sealed secret is bound to it. */
      id: string;
      ownerId: string;
      ownerKind: OwnerKind;
      eventId: string | null;
      url: string;
      eventTypes: readonly string[];
      description: string | null;
      secretCiphertext: string;
      maxPerOwner: number;
    }): Promise<WebhookEndpoint | undefined> {
      const row = await queryOne(db, insertEndpoint, [
        input.id,
        input.ownerId,
        input.ownerKind,
        input.eventId,
        input.url,
        input.eventTypes,
        input.description,
        input.secretCiphertext,
        input.maxPerOwner,
      ]);
      return row && view(row);
    },
    /** The owner's endpoints, newest first (at most `limit`). */
    async list(ownerId: string, limit: number): Promise<WebhookEndpoint[]> {
      return (await queryRows(db, listByOwner, [ownerId, limit])).map(view);
    },
    /** The endpoint if `ownerId` owns it: another's is as unknown as a made-up id. */
    async find(ownerId: string, id: string): Promise<WebhookEndpoint | undefined> {
      const row = await queryOne(db, findOwned, [id, ownerId]);
      return row && view(row);
    },
    async update(
      ownerId: string,
      id: string,
      patch: {
        url?: string | undefined;
        eventTypes?: readonly string[] | undefined;
        description?: string | null | undefined;
        enabled?: boolean | undefined;
      },
    ): Promise<WebhookEndpoint | undefined> {
      const row = await queryOne(db, updateEndpoint, [
        id,
        ownerId,
        patch.url ?? null,
        patch.eventTypes ?? null,
        patch.description !== undefined,
        patch.enabled ?? null,
        patch.description ?? null,
      ]);
      return row && view(row);
    },
    /** Deletes it with its deliveries; whether it was the owner's. */
    async remove(ownerId: string, id: string): Promise<boolean> {
      return (await execute(db, deleteEndpoint, [id, ownerId])) === 1;
    },
    /** Puts a new secret in place; the old one signs beside it for `graceSeconds`. */
    async rotate(
      ownerId: string,
      id: string,
      secretCiphertext: string,
      graceSeconds: number,
    ): Promise<Date | undefined> {
      const row = await queryOne(db, rotateSecret, [id, ownerId, secretCiphertext, graceSeconds]);
      return row?.previous_secret_expires_at;
    },
    /** Remembers who organizes an event (from any message that names them). */
    async recordOwner(eventId: string, organizerId: string): Promise<void> {
      await execute(db, recordOwner, [eventId, organizerId]);
    },
    /** The organizer the topics named for the event; undefined when none has yet. */
    async ownerOf(eventId: string): Promise<string | undefined> {
      return (await queryOne(db, ownerOf, [eventId]))?.organizer_id;
    },
  };
}
