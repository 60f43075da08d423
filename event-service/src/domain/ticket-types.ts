import { createHash, timingSafeEqual } from "node:crypto";
import type { EventRecord } from "./event";

export const TICKET_TYPES = { min: 1, max: 20 } as const;
export const TICKET_TYPE_NAME_LENGTH = { min: 1, max: 100 } as const;
export const TICKET_TYPE_DESCRIPTION_MAX_LENGTH = 1000;
export const QUOTA = { min: 1, max: 100_000 } as const;
export const MAX_PER_ORDER = { min: 1, max: 50, default: 10 } as const;
export const ACCESS_CODE_LENGTH = { min: 4, max: 64 } as const;
/** What an event created without ticket types gets: one type holding the whole capacity. */
export const DEFAULT_TICKET_TYPE_NAME = "General admission";

/** A ticket type as stored; `seatsTaken` is maintained by the seat ledger only. */
export interface TicketType {
  id: string;
  name: string;
  description: string;
  quota: number;
  seatsTaken: number;
  salesStart: Date | null;
  salesEnd: Date | null;
  maxPerOrder: number;
  hidden: boolean;
  /** Hex SHA-256 of a hidden type's code; the code itself is never stored. */
  accessCodeSha256: string | null;
}

/**
 * A type as an organizer sends it (create, or the whole list in a PATCH). `id` names a type to
 * keep; `accessCode` undefined keeps a kept type's code.
 */
export interface TicketTypeInput {
  id?: string;
  name: string;
  description: string;
  quota: number;
  salesStart: Date | null;
  salesEnd: Date | null;
  maxPerOrder: number;
  hidden: boolean;
  accessCode?: string;
}

export const defaultTicketType = (capacity: number): TicketTypeInput => ({
  name: DEFAULT_TICKET_TYPE_NAME,
  description: "",
  quota: capacity,
  salesStart: null,
  salesEnd: null,
  maxPerOrder: MAX_PER_ORDER.default,
  hidden: false,
});

/** Seats of the type a booking can still get: room in the type's quota and in the event. */
export const typeSeatsAvailable = (
  type: Pick<TicketType, "quota" | "seatsTaken">,
  event: Pick<EventRecord, "capacity" | "seatsTaken">,
): number => Math.max(0, Math.min(type.quota - type.seatsTaken, event.capacity - event.seatsTaken));

export const hashAccessCode = (code: string): string =>
  createHash("sha256").update(code, "utf8").digest("hex");

/** Whether `code` is the type's access code, compared in constant time on the hashes. */
export function accessCodeMatches(code: string | undefined, sha256: string | null): boolean {
  if (code === undefined || sha256 === null) return false;
  return timingSafeEqual(Buffer.from(hashAccessCode(code), "hex"), Buffer.from(sha256, "hex"));
}

/** The types a caller may see: every type for managers, else the visible ones and those unlocked. */
export const visibleTypes = (
  types: readonly TicketType[],
  view: { manager: boolean; accessCode?: string | undefined },
): TicketType[] =>
  view.manager
    ? [...types]
    : types.filter(
        (type) => !type.hidden || accessCodeMatches(view.accessCode, type.accessCodeSha256),
      );
