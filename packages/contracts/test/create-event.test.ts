import { ZodError } from "zod";
import {
  createEvent,
  KAFKA_HEADERS,
  parseEvent,
  registrationConfirmedV1,
  toKafkaRecord,
  userRegisteredV1,
} from "../src";

const data = userRegisteredV1.example.data;

describe("createEvent", () => {
  it("fills the envelope and takes the subject from the aggregate id", () => {
    const event = createEvent(userRegisteredV1, { source: "/turnout/auth-service", data });
    expect(event).toMatchObject({
      specversion: "1.0",
      type: "turnout.user.registered.v1",
      source: "/turnout/auth-service",
      subject: data.user_id,
      datacontenttype: "application/json",
      data,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.time)).not.toBeNaN();
    expect(event).not.toHaveProperty("traceparent");
    expect(parseEvent(userRegisteredV1, JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it("uses the given id, time and traceparent", () => {
    const event = createEvent(userRegisteredV1, {
      source: "/turnout/auth-service",
      data,
      id: "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      time: new Date("2025-09-01T08:30:00Z"),
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    expect(event.id).toBe("9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(event.time).toBe("2025-09-01T08:30:00.000Z");
    expect(event.traceparent).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  });

  it("refuses a subject that is not the aggregate id", () => {
    const run = () =>
      createEvent(userRegisteredV1, {
        source: "/turnout/auth-service",
        subject: "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        data,
      });
    expect(run).toThrow(ZodError);
  });

  it("refuses data that breaks the contract", () => {
    const run = () =>
      createEvent(userRegisteredV1, {
        source: "/turnout/auth-service",
        data: { ...data, email: "not-an-address" },
      });
    expect(run).toThrow(ZodError);
  });

  it("adds defaults a producer left out", () => {
    const rest = structuredClone(registrationConfirmedV1.example.data);
    delete rest.confirmed_via;
    const event = createEvent(registrationConfirmedV1, {
      source: "/turnout/registration-service",
      data: rest,
    });
    expect(event.data.confirmed_via).toBe("direct");
    expect(event.subject).toBe(rest.registration_id);
  });
});

describe("toKafkaRecord", () => {
  it("keys by subject and sets the CloudEvents headers", () => {
    const event = createEvent(userRegisteredV1, {
      source: "/turnout/auth-service",
      data,
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    const record = toKafkaRecord(event, { requestId: "req-1" });
    expect(record.key).toBe(data.user_id);
    expect(JSON.parse(record.value)).toEqual(event);
    expect(record.headers).toEqual({
      [KAFKA_HEADERS.contentType]: "application/cloudevents+json",
      [KAFKA_HEADERS.ceType]: "turnout.user.registered.v1",
      [KAFKA_HEADERS.requestId]: "req-1",
      [KAFKA_HEADERS.traceparent]: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
  });
});
