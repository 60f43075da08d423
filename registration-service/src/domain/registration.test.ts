import {
  canManage,
  cancellationReason,
  canView,
  isOpenForRegistration,
  wasAnnounced,
  type EventFacts,
} from "./registration";

const organizer = { id: "organizer", roles: ["attendee", "organizer"] };
const attendee = { id: "attendee", roles: ["attendee"] };
const admin = { id: "admin", roles: ["attendee", "admin"] };
const stranger = { id: "stranger", roles: ["attendee", "organizer"] };
const event = { organizerId: "organizer" };
const registration = { userId: "attendee" };

const facts = (overrides: Partial<EventFacts>): EventFacts => ({
  eventId: "e",
  organizerId: "organizer",
  title: "t",
  startsAt: new Date("2030-01-01T10:00:00Z"),
  endsAt: new Date("2030-01-01T12:00:00Z"),
  timezone: "UTC",
  location: "here",
  requiresApproval: false,
  status: "published",
  updatedAt: new Date(),
  ...overrides,
});

test("the attendee, the event's organizer and admins see a registration; nobody else", () => {
  expect(
    [attendee, organizer, admin, stranger].map((c) => canView(c, registration, event)),
  ).toEqual([true, true, true, false]);
  expect([attendee, organizer, admin, stranger].map((c) => canManage(c, event))).toEqual([
    false,
    true,
    true,
    false,
  ]);
});

test("an organizer whose role was removed no longer manages their event", () => {
  const former = { id: "organizer", roles: ["attendee"] };
  expect(canManage(former, event)).toBe(false);
  expect(canView(former, registration, event)).toBe(false);
  // Their own registration stays theirs.
  expect(canView(former, { userId: "organizer" }, event)).toBe(true);
});

test("a cancellation names who did it, the attendee first", () => {
  expect(cancellationReason(attendee, registration, event)).toBe("attendee_cancelled");
  expect(cancellationReason(organizer, registration, event)).toBe("organizer_cancelled");
  expect(cancellationReason(admin, registration, event)).toBe("admin_cancelled");
  // An organizer cancelling their own registration for their own event is the attendee.
  expect(cancellationReason(organizer, { userId: "organizer" }, event)).toBe("attendee_cancelled");
});

test("sign-ups are open while the event is published and has not started", () => {
  const now = new Date("2030-01-01T09:00:00Z");
  expect(isOpenForRegistration(facts({}), now)).toBe(true);
  expect(isOpenForRegistration(facts({ status: "cancelled" }), now)).toBe(false);
  expect(isOpenForRegistration(facts({ startsAt: now }), now)).toBe(false);
});

test("a fresh attempt was never announced; a promotion in flight was (as waitlisted)", () => {
  expect(wasAnnounced({ status: "reserving", waitlistSeq: null })).toBe(false);
  expect(wasAnnounced({ status: "reserving", waitlistSeq: 3 })).toBe(true);
  expect(wasAnnounced({ status: "pending", waitlistSeq: null })).toBe(true);
});
