import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { KeySource } from "../auth/key-source";
import type { SigningKey } from "../auth/signing-key-source";

// Ticket codes (docs/tickets.md, "Ticket codes"): a compact JWS, an EdDSA-signed JWT with its
// own `typ` and issuer, so an access token is never a ticket and a ticket never a token.

export const TICKET_TYP = "turnout-ticket+jwt";
export const TICKET_ISSUER = "turnout-tickets";
/** Longer input is refused before any parsing: a QR code of a real ticket is far shorter. */
export const TICKET_CODE_MAX_LENGTH = 2_048;

export const ticketClaimsSchema = z.object({
  iss: z.literal(TICKET_ISSUER),
  /** The seat. */
  sub: z.uuid(),
  /** The booking the seat belonged to when the code was signed. */
  reg: z.uuid(),
  evt: z.uuid(),
  /** The ticket type id, and its name. */
  tt: z.string().max(100),
  ttn: z.string().max(200),
  /** The holder's name ("" when unknown). */
  name: z.string().max(200),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});

export type TicketClaims = z.infer<typeof ticketClaimsSchema>;
/** What the signer states; `iss` is always {@link TICKET_ISSUER}. */
export type TicketFacts = Omit<TicketClaims, "iss">;

/**
 * Signs a ticket code. The payload's members are written in one fixed order, so the same facts
 * and the same key give the same code (Ed25519 signatures are deterministic).
 */
export async function signTicket(facts: TicketFacts, key: SigningKey): Promise<string> {
  const claims: TicketClaims = {
    iss: TICKET_ISSUER,
    sub: facts.sub,
    reg: facts.reg,
    evt: facts.evt,
    tt: facts.tt,
    ttn: facts.ttn,
    name: facts.name,
    iat: facts.iat,
    exp: facts.exp,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TICKET_TYP })
    .sign(key.privateKey);
}

export interface VerifyTicketOptions {
  /** The time to check `exp` against (an offline scan's time); default now. */
  at?: Date;
}

/**
 * The claims of a valid ticket code, or null for anything else: malformed, not EdDSA, a bad
 * signature, a key not in the set (after the key source's re-read), expired, another `typ` or
 * issuer, claims of the wrong shape. A key set that cannot be read at all throws: that is an
 * outage, not a bad ticket.
 */
export async function verifyTicket(
  code: string,
  keys: KeySource,
  options: VerifyTicketOptions = {},
): Promise<TicketClaims | null> {
  if (typeof code !== "string" || code.length === 0 || code.length > TICKET_CODE_MAX_LENGTH) {
    return null;
  }
  try {
    const { payload } = await jwtVerify(code, keys.getKey, {
      algorithms: ["EdDSA"],
      issuer: TICKET_ISSUER,
      typ: TICKET_TYP,
      requiredClaims: ["sub", "iat", "exp"],
      ...(options.at ? { currentDate: options.at } : {}),
    });
    const claims = ticketClaimsSchema.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
