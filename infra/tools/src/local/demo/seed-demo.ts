import {
  DEMO_ACCOUNTS,
  DEMO_EVENTS,
  LOCAL_ADMIN_EMAIL,
  type DemoAccount,
  type DemoEvent,
} from "./demo-data";
import { call, zonedInstant } from "./demo-http";

/** Base URLs of the services the seed talks to directly (the gateway throttles sign-ups). */
export interface DemoUrls {
  auth: string;
  events: string;
  registrations: string;
}

export interface DemoSummary {
  accounts: number;
  eventsCreated: number;
  registrations: Record<string, number>;
}

const login = async (urls: DemoUrls, email: string, password: string): Promise<string> =>
  (await call(`${urls.auth}/api/v1/auth/login`, { body: { email, password }, expect: [200] })).body
    .access_token as string;

/** Registers the account, or finds it when it exists; returns its id. */
async function ensureAccount(urls: DemoUrls, who: DemoAccount, password: string): Promise<string> {
  await call(`${urls.auth}/api/v1/auth/register`, {
    body: {
      email: who.email,
      password,
      username: who.username,
      display_name: who.displayName,
    },
    expect: [201, 409],
  });
  // A 201 is also the reply for an email that already has an account (with an id that is never
  // stored), so the id is always read back from /me.
  const token = await login(urls, who.email, password);
  return (await call(`${urls.auth}/api/v1/auth/me`, { token, expect: [200] })).body.id as string;
}

async function ensureEvents(
  urls: DemoUrls,
  token: string,
  organizerId: string,
  events: readonly DemoEvent[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const listed = await call(`${urls.events}/api/v1/events?organizer_id=${organizerId}&limit=100`, {
    expect: [200],
  });
  const ids = new Map(
    (listed.body.items as { id: string; title: string }[]).map((e) => [e.title, e.id]),
  );
  let created = 0;
  for (const event of events) {
    if (ids.has(event.title)) continue;
    const startsAt = zonedInstant(event.inDays, event.hour, event.timezone);
    const reply = await call(`${urls.events}/api/v1/events`, {
      token,
      body: {
        title: event.title,
        description: event.description,
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + event.hours * 3_600_000).toISOString(),
        timezone: event.timezone,
        location: event.location,
        capacity: event.capacity,
        category: event.category,
        requires_approval: event.requiresApproval ?? false,
        ...(event.ticketTypes ? { ticket_types: event.ticketTypes } : {}),
        ...(event.questions ? { questions: event.questions } : {}),
      },
      expect: [201],
    });
    ids.set(event.title, reply.body.id as string);
    created++;
  }
  return { ids, created };
}

/**
 * The demo: two organizers with six events each, five attendees signed up to some of them (one
 * small workshop fills up and waitlists, two events need the organizer's approval). Idempotent:
 * running it again finds what exists and adds only what is missing.
 */
export async function seedDemo(
  urls: DemoUrls,
  credentials: { adminPassword: string; demoPassword: string },
  log: (line: string) => void = () => undefined,
): Promise<DemoSummary> {
  const password = credentials.demoPassword;
  const admin = await login(urls, LOCAL_ADMIN_EMAIL, credentials.adminPassword);
  const accountIds = new Map<string, string>();
  for (const who of DEMO_ACCOUNTS) {
    const id = await ensureAccount(urls, who, password);
    accountIds.set(who.username, id);
    if (who.organizer) {
      await call(`${urls.auth}/api/v1/auth/users/${id}/roles`, {
        method: "PUT",
        token: admin,
        body: { roles: ["attendee", "organizer"] },
        expect: [200],
      });
    }
  }
  log(`demo: ${DEMO_ACCOUNTS.length} accounts`);

  const eventIds = new Map<string, string>();
  let eventsCreated = 0;
  for (const organizer of DEMO_ACCOUNTS.filter((a) => a.organizer)) {
    const token = await login(urls, organizer.email, password);
    const own = DEMO_EVENTS.filter((e) => e.organizer === organizer.username);
    const { ids, created } = await ensureEvents(
      urls,
      token,
      accountIds.get(organizer.username) ?? "",
      own,
    );
    for (const [title, id] of ids) eventIds.set(title, id);
    eventsCreated += created;
  }
  log(`demo: ${DEMO_EVENTS.length} events (${eventsCreated} new)`);

  const registrations: Record<string, number> = {};
  for (const who of DEMO_ACCOUNTS.filter((a) => !a.organizer)) {
    const token = await login(urls, who.email, password);
    for (const event of DEMO_EVENTS.filter((e) => e.attendees.includes(who.username))) {
      const reply = await call(`${urls.registrations}/api/v1/registrations`, {
        token,
        body: { event_id: eventIds.get(event.title) },
        // The same key on every run: a second seed replays instead of signing up twice.
        headers: { "Idempotency-Key": `demo-${who.username}-${eventIds.get(event.title) ?? ""}` },
        expect: [200, 201, 409],
      });
      const status = reply.status === 409 ? "already_registered" : String(reply.body.status);
      registrations[status] = (registrations[status] ?? 0) + 1;
    }
  }
  log(`demo: registrations ${JSON.stringify(registrations)}`);
  return { accounts: DEMO_ACCOUNTS.length, eventsCreated, registrations };
}

/** The lines `npm start` prints so a person can log in. */
export function demoLogins(demoPassword: string): string[] {
  const organizers = DEMO_ACCOUNTS.filter((a) => a.organizer).map((a) => a.email);
  const attendees = DEMO_ACCOUNTS.filter((a) => !a.organizer).map((a) => a.email);
  return [
    `  Organizers           ${organizers.join(", ")}`,
    `  Attendees            ${attendees.join(", ")}`,
    `  Demo password        ${demoPassword}`,
  ];
}
