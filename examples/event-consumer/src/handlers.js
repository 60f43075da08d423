// The event types this consumer understands, one handler each: your code goes here.
// A handler returns what it did; it must be safe to run twice for one event (at least once).
// Only fields of the schema are read; fields added later are there too, and ignored.
export const handlers = {
  "turnout.registration.confirmed.v1": ({ data }) => ({
    registration_id: data.registration_id,
    event_id: data.event_id,
    seats: data.quantity ?? 1,
  }),
  "turnout.registration.cancelled.v1": ({ data }) => ({
    registration_id: data.registration_id,
    reason: data.reason,
  }),
  "turnout.event.cancelled.v1": ({ data }) => ({ event_id: data.event_id }),
};
