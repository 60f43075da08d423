/** Prose of the catalogues, kept apart so the builder reads as structure. */

export const PUBLIC_TITLE = "Turnout domain events";
export const INTERNAL_TITLE = "Turnout internal events";

const CONVENTIONS = `
## Envelope

Every message value is a CloudEvents 1.0 envelope in structured mode (Kafka header
\`content-type: application/cloudevents+json\`): \`specversion\`, \`id\`, \`source\`
(\`/turnout/<service>\`), \`type\`, \`time\`, \`subject\`, \`datacontenttype\`
(\`application/json\`), \`data\`, and \`traceparent\` when a request caused the event. Field
names are snake_case, times RFC 3339 UTC, ids UUIDs. Headers also carry \`ce-type\` (the
envelope's type) and \`x-request-id\`, the request id of the HTTP request behind the event.

## Ordering

Every message is keyed by its aggregate id, the envelope's \`subject\` (the user id, the
registration id, ...). One aggregate's events land on one partition and arrive in the order
they were published; there is no order across aggregates.

## Delivery

At least once. A producer writes the state change and its event in one database transaction
(a transactional outbox) and a relay publishes the outbox, so no change goes unannounced but a
message can arrive more than once. Consumers are idempotent: each records the event \`id\`s it
has applied, in its own schema, and skips one it has seen.

## Dead letters

A message a consumer keeps failing on is moved to \`<topic>.dlq\` with its original key, value
and headers, plus \`x-dlq-error\` (the last error), \`x-dlq-attempts\`,
\`x-dlq-original-partition\`, \`x-dlq-original-offset\` and \`x-dlq-consumer-group\`; the
partition moves on. The value is the original bytes, which may be the malformed value that
caused the failure.

## Versioning

The version is part of the type: \`turnout.<aggregate>.<verb>.v<N>\`. Within a version,
fields are only added, never renamed, retyped or dropped, and consumers must ignore fields and
envelope attributes they do not know. A breaking change (including a new value in an
enumerated field) is a new type version, published beside the old one on the same topic until
its consumers have moved; a consumer skips a type it does not know.
`;

export const PUBLIC_DESCRIPTION = `Domain events Turnout publishes on Kafka, generated from the
zod schemas in \`@turnout/contracts\` (\`npm run catalogue\`); do not edit by hand.
Topics carrying single-use secrets or addresses of people who may have no account are
internal and documented only in the internal catalogue.
${CONVENTIONS}`;

export const INTERNAL_DESCRIPTION = `INTERNAL: not for publication. Topics that carry
single-use secrets (verification and password-reset tokens on their way to the mailer) or the
address of someone who may have no account (a seat offered by email) between Turnout services. Their payloads must never be logged, and they are never routed outside the
platform. Generated from \`@turnout/contracts\` (\`npm run catalogue\`); do not edit by hand.
${CONVENTIONS}`;

export const DEAD_LETTER_DESCRIPTION =
  "A message a consumer gave up on: the original key and value unchanged, the original " +
  "headers, and the dead-letter headers saying why and where it failed.";
