import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";
import type { JwkSet } from "../api/checkin";

/** A ticket whose signature and claims check out (docs/tickets.md "Ticket codes"). */
export interface VerifiedTicket {
  seatId: string;
  registrationId: string;
  eventId: string;
  ticketTypeId: string;
  ticketTypeName: string;
  holderName: string;
}

export type Verification =
  | { ok: true; ticket: VerifiedTicket }
  | { ok: false; reason: "forged" | "expired" | "other_event"; message: string };

/** Longer than any ticket code the service issues; a longer scan is not worth verifying. */
const MAX_CODE_LENGTH = 4_096;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Verifies a scanned code on the device against the cached key set, with no network: an
 * EdDSA compact JWS of type `turnout-ticket+jwt` from `turnout-tickets`, not expired, for
 * `eventId`. Whether the seat is void or already scanned is the caller's check.
 */
export async function verifyTicket(
  code: string,
  keys: JwkSet,
  eventId: string,
  now: Date = new Date(),
): Promise<Verification> {
  const forged = {
    ok: false,
    reason: "forged",
    message: "Not a valid Turnout ticket: forged, altered, or signed by an unknown key.",
  } as const;
  if (code.length === 0 || code.length > MAX_CODE_LENGTH) return forged;
  try {
    const { payload } = await jwtVerify(code, createLocalJWKSet(keys as JSONWebKeySet), {
      issuer: "turnout-tickets",
      typ: "turnout-ticket+jwt",
      algorithms: ["EdDSA"],
      requiredClaims: ["sub", "evt", "reg", "exp"],
      currentDate: now,
    });
    if (payload.evt !== eventId) {
      return { ok: false, reason: "other_event", message: "This ticket is for another event." };
    }
    return {
      ok: true,
      ticket: {
        seatId: text(payload.sub),
        registrationId: text(payload.reg),
        eventId,
        ticketTypeId: text(payload.tt),
        ticketTypeName: text(payload.ttn),
        holderName: text(payload.name),
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { ok: false, reason: "expired", message: "This ticket has expired." };
    }
    return forged;
  }
}
