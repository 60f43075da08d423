import { randomUUID } from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import { stackTokenMinter, uniqueSuffix, type TokenMinter } from "@turnout/test-kit";

const DAY_MS = 24 * 3600 * 1000;

/** An event reply as the API sends it. */
export interface EventBody {
  id: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
  capacity: number;
  seats_taken: number;
  seats_available: number;
  requires_approval: boolean;
  category: string | null;
  status: "published" | "cancelled";
  seat_changes_until: string | null;
  reminder_lead_minutes: number;
  organizer_id: string;
  created_at: string;
  updated_at: string;
  ticket_types: TicketTypeBody[];
  questions: QuestionBody[];
}

export interface TicketTypeBody {
  id: string;
  name: string;
  description: string;
  quota: number;
  seats_taken: number;
  seats_available: number;
  sales_start: string | null;
  sales_end: string | null;
  max_per_order: number;
  hidden: boolean;
}

export interface QuestionBody {
  id: string;
  label: string;
  kind: string;
  options: string[];
  required: boolean;
  per: string;
}

/** An event as listings and the seat ledger's replies show it: no types, no questions. */
export const withoutLists = ({ ticket_types: _t, questions: _q, ...event }: EventBody) => event;

export interface Actor {
  id: string;
  token: string;
}

let minter: Promise<TokenMinter> | undefined;
let serviceMinter: Promise<TokenMinter> | undefined;

/** A user token for a fresh user id, signed with the stack's Vault key as auth would sign it. */
export async function userWith(roles: string[]): Promise<Actor> {
  const id = randomUUID();
  minter ??= stackTokenMinter();
  return { id, token: await (await minter).mint({ sub: id, roles: ["attendee", ...roles] }) };
}

export const organizer = () => userWith(["organizer"]);
export const admin = () => userWith(["admin"]);
export const attendee = () => userWith([]);

/** A service token addressed to event-service, as auth's client-credentials grant issues it. */
export async function serviceToken(sub = "registration-service", aud = "event-service") {
  serviceMinter ??= stackTokenMinter("event-service");
  return (await serviceMinter).mint({ tokenUse: "service", sub, roles: [], aud });
}

/** A valid create body starting `startsInDays` from now; override any field. */
export function eventInput(overrides: Record<string, unknown> = {}, startsInDays = 30) {
  const startsAt = new Date(Date.now() + startsInDays * DAY_MS);
  return {
    title: `Test event ${uniqueSuffix()}`,
    description: "Talks and pizza.",
    starts_at: startsAt.toISOString(),
    ends_at: new Date(startsAt.getTime() + 3 * 3600 * 1000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Alexanderplatz 1, Berlin",
    capacity: 50,
    ...overrides,
  };
}

export async function createEvent(
  app: Express,
  actor: Actor,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const res = await request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${actor.token}`)
    .send(eventInput(overrides));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as EventBody;
}
