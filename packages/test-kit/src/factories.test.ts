import { parseEvent, registrationConfirmedV1, userRegisteredV1 } from "@turnout/contracts";
import { registrationConfirmedEvent, userRegisteredEvent } from "./factories";

test("factories make valid, distinct contract events with overrides applied", () => {
  const a = userRegisteredEvent();
  const b = userRegisteredEvent({ roles: ["organizer"] });
  expect(parseEvent(userRegisteredV1, a)).toEqual(a);
  expect(a.data.user_id).not.toBe(b.data.user_id);
  expect(a.data.email).not.toBe(b.data.email);
  expect(b.data.roles).toEqual(["organizer"]);
  expect(a.subject).toBe(a.data.user_id);

  const confirmed = registrationConfirmedEvent({ title: "Launch party" });
  expect(parseEvent(registrationConfirmedV1, confirmed).data.title).toBe("Launch party");
  expect(confirmed.subject).toBe(confirmed.data.registration_id);
});
