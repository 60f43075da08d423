import { ZodError } from "zod";
import {
  eventRegistry,
  parseEvent,
  parseKnownEvent,
  registrationConfirmedV1,
  userRegisteredV1,
} from "../src";

type Json = Record<string, unknown>;

/** A deep copy of the user-registered example with `change` applied, to break one thing at a time. */
function userRegistered(change: (event: Json & { data: Json }) => void): unknown {
  const event = structuredClone(userRegisteredV1.example) as Json & { data: Json };
  change(event);
  return event;
}

function rejection(run: () => unknown): ZodError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return error;
    throw error;
  }
  throw new Error("expected a ZodError, but the value was accepted");
}

const issuePaths = (error: ZodError) => error.issues.map((issue) => issue.path.join("."));

describe("parseEvent", () => {
  it.each(eventRegistry.map((d) => [d.type, d] as const))("accepts the %s example", (_, d) => {
    const parsed = parseEvent(d, d.example);
    expect(parsed.type).toBe(d.type);
    expect(parsed.data).toEqual(d.example.data);
  });

  it("types the parsed data", () => {
    const event = parseEvent(userRegisteredV1, userRegisteredV1.example);
    const roles: readonly ("attendee" | "organizer" | "admin")[] = event.data.roles;
    expect(roles).toEqual(["attendee"]);
  });

  it("keeps data fields and envelope attributes it does not know", () => {
    const value = userRegistered((event) => {
      event.data.locale = "de-DE";
      event.partitionkey = "ignored-extension";
    });
    const parsed = parseEvent(userRegisteredV1, value);
    expect(parsed.data.locale).toBe("de-DE");
    expect(parsed.partitionkey).toBe("ignored-extension");
  });

  it("accepts an envelope without traceparent", () => {
    const value = userRegistered((event) => delete event.traceparent);
    expect(parseEvent(userRegisteredV1, value).traceparent).toBeUndefined();
  });

  it("fills confirmed_via when a producer left it out", () => {
    const event = structuredClone(registrationConfirmedV1.example);
    delete event.data.confirmed_via;
    expect(parseEvent(registrationConfirmedV1, event).data.confirmed_via).toBe("direct");
  });

  it.each<[string, (event: Json & { data: Json }) => void, string]>([
    ["a missing user_id", (e) => delete e.data.user_id, "data.user_id"],
    ["a user_id that is not a UUID", (e) => (e.data.user_id = "user-42"), "data.user_id"],
    ["an id that is not a UUID", (e) => (e.id = "42"), "id"],
    ["specversion 0.3", (e) => (e.specversion = "0.3"), "specversion"],
    ["an unknown type version", (e) => (e.type = "turnout.user.registered.v2"), "type"],
    ["a time that is not RFC 3339", (e) => (e.time = "01/09/2025 08:30"), "time"],
    ["a time without an offset", (e) => (e.time = "2025-09-01T08:30:00"), "time"],
    ["a bad registered_at", (e) => (e.data.registered_at = "yesterday"), "data.registered_at"],
    ["an unknown role", (e) => (e.data.roles = ["superuser"]), "data.roles.0"],
    ["no roles", (e) => (e.data.roles = []), "data.roles"],
    [
      "a missing username (null is the way to say none)",
      (e) => delete e.data.username,
      "data.username",
    ],
    [
      "a datacontenttype other than JSON",
      (e) => (e.datacontenttype = "text/plain"),
      "datacontenttype",
    ],
    ["a subject other than the aggregate id", (e) => (e.subject = e.id), "subject"],
    ["a malformed traceparent", (e) => (e.traceparent = "not-a-trace"), "traceparent"],
  ])("rejects %s", (_, change, path) => {
    const error = rejection(() => parseEvent(userRegisteredV1, userRegistered(change)));
    expect(issuePaths(error)).toContain(path);
  });

  it("rejects an event of another type", () => {
    const error = rejection(() => parseEvent(registrationConfirmedV1, userRegisteredV1.example));
    expect(issuePaths(error)).toContain("type");
  });

  it("rejects a timezone that is not an IANA zone name", () => {
    const event = structuredClone(registrationConfirmedV1.example);
    event.data.timezone = "+02:00";
    const error = rejection(() => parseEvent(registrationConfirmedV1, event));
    expect(issuePaths(error)).toEqual(["data.timezone"]);
  });
});

describe("parseKnownEvent", () => {
  it("chooses the definition by type", () => {
    const event = parseKnownEvent(registrationConfirmedV1.example);
    if (event.type !== "turnout.registration.confirmed.v1") throw new Error(event.type);
    expect(event.data.registration_id).toBe(registrationConfirmedV1.example.subject);
  });

  it("rejects a type this build does not know", () => {
    const value = userRegistered((e) => (e.type = "turnout.user.registered.v9"));
    expect(issuePaths(rejection(() => parseKnownEvent(value)))).toEqual(["type"]);
  });

  it("rejects a value that is not an envelope", () => {
    expect(issuePaths(rejection(() => parseKnownEvent("user-registered")))).toEqual([""]);
  });
});
