import {
  signTicket,
  verifyTicket,
  type KeySource,
  type SigningKeySource,
  type TicketClaims,
} from "@turnout/kit";

export type { TicketClaims } from "@turnout/kit";

/** The facts a seat's ticket states (docs/tickets.md, "Ticket codes"). */
export interface TicketInput {
  seatId: string;
  registrationId: string;
  eventId: string;
  ticketTypeId: string;
  ticketTypeName: string;
  /** The seat's attendee name, else the account's display name, else "". */
  holderName: string;
  /** When the booking was confirmed: the code's `iat`. */
  confirmedAt: Date;
  /** The event's end: the code expires a day later (capped, see {@link ticketExpiry}). */
  eventEndsAt: Date;
}

/** Issues and checks ticket codes; `deps.tickets`. */
export interface Tickets {
  /** The seat's ticket code, signed with the current ticket-signing key. */
  code(input: TicketInput): Promise<string>;
  /** The claims of a valid code (any key in the set), or null for anything invalid. */
  verify(code: string): Promise<TicketClaims | null>;
}

const DAY_MS = 24 * 3_600_000;
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * `exp`: the event's end plus one day, capped at signing time plus the longest ticket lifetime.
 * The signing time is taken at the start of its UTC day, so a code stays the same all day even
 * when the cap applies (the cap is then at most a day shorter, never longer).
 */
export function ticketExpiry(eventEndsAt: Date, now: Date, maxLifetimeMs: number): number {
  const signedDay = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return seconds(Math.min(eventEndsAt.getTime() + DAY_MS, signedDay + maxLifetimeMs));
}

export interface TicketOptions {
  /** `secret/turnout/tickets/signing`, re-read every few seconds. */
  signingKey: SigningKeySource;
  /** `secret/turnout/tickets/jwks`: the public set, also served at /.well-known/ticket-keys.json. */
  keys: KeySource;
  /** `TICKET_MAX_LIFETIME`: no code outlives its signing by more than this. */
  maxLifetimeMs: number;
  now?: () => Date;
}

export function createTickets(options: TicketOptions): Tickets {
  const now = options.now ?? (() => new Date());
  return {
    async code(input) {
      const key = await options.signingKey.current();
      return signTicket(
        {
          sub: input.seatId,
          reg: input.registrationId,
          evt: input.eventId,
          tt: input.ticketTypeId,
          ttn: input.ticketTypeName,
          name: input.holderName,
          iat: seconds(input.confirmedAt.getTime()),
          exp: ticketExpiry(input.eventEndsAt, now(), options.maxLifetimeMs),
        },
        key,
      );
    },
    verify: (code) => verifyTicket(code, options.keys),
  };
}
