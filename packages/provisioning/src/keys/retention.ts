import type { JWK } from "jose";
import { formatDuration } from "../duration";

// Which public keys a rotation keeps in the set, after the new key. Access tokens live minutes:
// only the replaced key is kept, and a rotation that would drop a key whose tokens may still
// be valid is refused (docs/key-rotation.md). Tickets live months: every replaced key is kept
// with a `turnout_retire_after` time, and dropped by the first rotation after it
// (docs/tickets.md, "Lifetime rule").

/** The JWK member that says until when a ticket key that stopped signing must stay in the set. */
export const RETIRE_AFTER = "turnout_retire_after";

export type PublicKey = JWK & { kid: string };

export interface RetentionInput {
  /** The set as read, current key first by convention (any order is accepted). */
  published: PublicKey[];
  /** The public half of the key being replaced. */
  current: PublicKey;
  /** When the current signing version was written: older keys stopped signing then. */
  currentSince: Date;
  now: Date;
  maxLifetimeMs: number;
  force: boolean;
}

export interface RetentionPlan {
  /** The keys after the new one, in order. */
  kept: PublicKey[];
  retiredKids: string[];
  /** --force dropped keys whose signatures may still be valid: until when they might be. */
  forcedRisk?: { retiredKids: string[]; validUntil: Date };
}

/** Rotating now could reject tokens that are still valid; nothing was written. */
export class RotationRefusedError extends Error {
  override name = "RotationRefusedError";
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

/** Access tokens: keep [current]; the keys before it go, once their tokens have expired. */
export function tokenRetention(input: RetentionInput): RetentionPlan {
  const { current, now } = input;
  const retiredKids = input.published.map((key) => key.kid).filter((kid) => kid !== current.kid);
  // Keys other than the current one stopped signing when the current version was written,
  // so their last tokens expire one lifetime after that. Retiring them earlier would reject
  // tokens that are still valid.
  const since = input.currentSince;
  const validUntil = new Date(since.getTime() + input.maxLifetimeMs);
  if (retiredKids.length === 0 || now >= validUntil) return { kept: [current], retiredKids };
  if (!input.force) {
    throw new RotationRefusedError(
      `refusing to rotate: the current key ${current.kid} was written at ` +
        `${since.toISOString()} (${formatDuration(now.getTime() - since.getTime())} ago), ` +
        `so tokens signed by the key it replaced (${retiredKids.join(", ")}) may be valid until ` +
        `${validUntil.toISOString()}, and this rotation would drop that key from the set. ` +
        `Wait ${formatDuration(validUntil.getTime() - now.getTime())}, or pass --force ` +
        `(those tokens are then rejected: their holders get 401 and must refresh or sign in again).`,
      validUntil,
    );
  }
  return { kept: [current], retiredKids, forcedRisk: { retiredKids, validUntil } };
}

/**
 * Tickets: the replaced key stays, marked to retire one ticket lifetime from now (no ticket it
 * signed expires later); earlier keys stay until their mark has passed. A key without a mark
 * (rotated by hand) stopped signing when the current version was written at the latest.
 * `--force` drops the replaced key now, for a compromised key.
 */
export function ticketRetention(input: RetentionInput): RetentionPlan {
  const { current, now } = input;
  const kept: PublicKey[] = [];
  const retiredKids: string[] = [];
  for (const key of input.published) {
    if (key.kid === current.kid) continue;
    if (retireAfter(key, input) > now) kept.push(key);
    else retiredKids.push(key.kid);
  }
  const validUntil = new Date(now.getTime() + input.maxLifetimeMs);
  if (input.force) {
    return {
      kept,
      retiredKids: [current.kid, ...retiredKids],
      forcedRisk: { retiredKids: [current.kid], validUntil },
    };
  }
  const marked = { ...current, [RETIRE_AFTER]: validUntil.toISOString() };
  return { kept: [marked, ...kept], retiredKids };
}

function retireAfter(key: PublicKey, input: RetentionInput): Date {
  const mark: unknown = (key as Record<string, unknown>)[RETIRE_AFTER];
  const parsed = typeof mark === "string" ? new Date(mark) : undefined;
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed;
  return new Date(input.currentSince.getTime() + input.maxLifetimeMs);
}
