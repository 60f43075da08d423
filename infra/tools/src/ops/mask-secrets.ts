import { DLQ_SUFFIX, definitionsForTopic, findEventDefinition } from "@turnout/contracts";

export const MASK = "[masked]";

// Field names that carry, or may carry, single-use secrets. Broad on purpose: on an internal
// topic, hiding a harmless field costs little, printing a live token to a terminal (and its
// scroll-back, and a pasted ticket) does not.
const TOKEN_LIKE_KEY =
  /token|secret|passw|otp|code|nonce|signature|credential|api[_-]?key|private|jwk|hash|cookie|session/i;
// A JWT anywhere, and token-like query parameters of URLs (a verification link is a token).
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const SECRET_QUERY = /([?&][^=&#\s]*(?:token|secret|code|key|signature)[^=&#\s]*=)[^&#\s]+/gi;

/** True when `topic` (or its `.dlq`) or the event type is declared `internal` in the contracts. */
export function isInternalEvent(topic: string, type?: string): boolean {
  const base = topic.endsWith(DLQ_SUFFIX) ? topic.slice(0, -DLQ_SUFFIX.length) : topic;
  if (definitionsForTopic(base).some((definition) => definition.internal === true)) return true;
  return type !== undefined && findEventDefinition(type)?.internal === true;
}

/** Secrets that can hide inside any string: JWTs, and token-like query parameters of links. */
export function maskSecretsInText(text: string): string {
  return text.replace(JWT, MASK).replace(SECRET_QUERY, `$1${MASK}`);
}

/** `value` with every token-like field's value replaced by MASK, and secrets in strings masked. */
export function maskTokenLikeFields(value: unknown): unknown {
  if (typeof value === "string") return maskSecretsInText(value);
  if (Array.isArray(value)) return value.map(maskTokenLikeFields);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      TOKEN_LIKE_KEY.test(key) && field !== null ? MASK : maskTokenLikeFields(field),
    ]),
  );
}

/** What any topic gets: JWT-shaped strings masked (no event should carry one; if it does, hide it). */
export function maskJwts(value: unknown): unknown {
  if (typeof value === "string") return value.replace(JWT, MASK);
  if (Array.isArray(value)) return value.map(maskJwts);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, maskJwts(field)]));
}
