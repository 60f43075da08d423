/**
 * What a webhook endpoint may receive and the endpoint form's checks (docs/integrations.md
 * "What is delivered", "Who may register what").
 */
export const EVENT_TYPES = [
  { type: "turnout.event.updated.v1", label: "Event updated" },
  { type: "turnout.event.cancelled.v1", label: "Event cancelled" },
  { type: "turnout.registration.confirmed.v1", label: "Registration confirmed" },
  { type: "turnout.registration.waitlisted.v1", label: "Registration waitlisted" },
  { type: "turnout.registration.cancelled.v1", label: "Registration cancelled" },
  { type: "turnout.registration.checked-in.v1", label: "Checked in" },
  { type: "turnout.registration.seats-changed.v1", label: "Seats changed" },
  { type: "turnout.user.registered.v1", label: "User registered", admin: true },
  { type: "turnout.user.profile-updated.v1", label: "User profile updated", admin: true },
  { type: "turnout.user.deleted.v1", label: "User deleted", admin: true },
] as const;

/** Every type the endpoint may receive, now and added later. */
export const ALL_TYPES = "*";

export const eventTypesFor = (admin: boolean) =>
  EVENT_TYPES.filter((t) => admin || !("admin" in t));

/** The label of a type, or the type itself (the test-send, a type added later). */
export function typeLabel(type: string): string {
  if (type === ALL_TYPES) return "All event types";
  if (type === "turnout.webhook.test.v1") return "Test";
  return EVENT_TYPES.find((t) => t.type === type)?.label ?? type;
}

export interface EndpointFormValues {
  url: string;
  /** `["*"]` for all. */
  eventTypes: string[];
  /** "" for every event the owner may see. */
  eventId: string;
  description: string;
}

/** The form's own checks; the service decides whether the address is allowed. */
export function endpointFormProblems(values: EndpointFormValues) {
  const url = values.url.trim();
  let urlProblem: string | undefined;
  if (!url) urlProblem = "Enter the address to send to.";
  else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    urlProblem = "Enter a full https:// address.";
  return {
    url: urlProblem,
    event_types: values.eventTypes.length === 0 ? "Choose at least one event type." : undefined,
  };
}

/** A `datetime-local` value (the reader's zone) as an instant, or undefined when incomplete. */
export function instantOf(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
