import {
  EVENT_TYPE_PATTERN,
  eventRegistry,
  findEventDefinition,
  isEventType,
  registrationConfirmedV1,
  userRegisteredV1,
} from "../src";

describe("event registry", () => {
  it("holds each type once, named turnout.<aggregate>.<verb>.v<N> with N = version", () => {
    const types = eventRegistry.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
    for (const definition of eventRegistry) {
      expect(definition.type).toMatch(EVENT_TYPE_PATTERN);
      expect(definition.type.endsWith(`.v${definition.version}`)).toBe(true);
    }
  });

  it("finds a definition by type, and nothing for an unknown type or version", () => {
    expect(findEventDefinition("turnout.user.registered.v1")).toBe(userRegisteredV1);
    expect(findEventDefinition("turnout.registration.confirmed.v1")).toBe(registrationConfirmedV1);
    expect(findEventDefinition("turnout.user.registered.v2")).toBeUndefined();
    expect(isEventType("turnout.user.registered.v1")).toBe(true);
    expect(isEventType("turnout.user.archived.v1")).toBe(false);
  });

  it("every example is an envelope of its own type whose subject is the aggregate id", () => {
    for (const definition of eventRegistry) {
      const data = definition.example.data as Record<string, unknown>;
      expect(definition.example.type).toBe(definition.type);
      expect(definition.example.subject).toBe(data[definition.subjectField]);
    }
  });
});
