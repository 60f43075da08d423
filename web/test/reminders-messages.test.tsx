import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { bodyOf, emptyPage, eventOf, fakeApi, json, problem, renderAt, signInAs } from "./helpers";

// Reminders and messages (docs/tickets.md): the attendee's opt-out, the organizer's lead time
// and messages to every confirmed attendee.
const stored = {
  notifications: { email: true, in_app: true },
  locale: "en",
  timezone: "UTC",
  event_reminders: true,
};

test("settings: turning event reminders off sends event_reminders false with the rest", async () => {
  signInAs();
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/users/me/settings": json(stored),
    "PUT /api/v1/users/me/settings": (init) => json(JSON.parse(init?.body as string)),
  });
  renderAt("/settings");
  const reminders = await screen.findByLabelText("Event reminders");
  expect(reminders).toBeChecked();
  await userEvent.click(reminders);
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

  expect(await screen.findByText("Your settings are saved.")).toBeInTheDocument();
  const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
  expect(bodyOf(put)).toEqual({ ...stored, event_reminders: false });
  expect(screen.getByLabelText("Event reminders")).not.toBeChecked();
});

test("settings: a service that returns no event_reminders shows no toggle and is sent none", async () => {
  signInAs();
  const { event_reminders: _left, ...older } = stored;
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/users/me/settings": json(older),
    "PUT /api/v1/users/me/settings": json(older),
  });
  renderAt("/settings");
  await userEvent.click(await screen.findByRole("button", { name: "Save settings" }));

  await screen.findByText("Your settings are saved.");
  expect(screen.queryByLabelText("Event reminders")).not.toBeInTheDocument();
  const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
  expect(bodyOf(put)).toEqual(older);
});

test("the event form shows the event's reminder lead time and sends a changed one alone", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/events/e-1": json(eventOf({ reminder_lead_minutes: 180 })),
    "PATCH /api/v1/events/e-1": json(eventOf({ reminder_lead_minutes: 10080 })),
  });
  renderAt("/events/e-1/edit");
  const lead = await screen.findByLabelText("Reminder before the event");
  expect(lead).toHaveDisplayValue("3 hours before");
  await userEvent.selectOptions(lead, "1 week before");
  await userEvent.click(screen.getByRole("button", { name: "Save changes" }));

  await waitFor(() => {
    expect(fetch.mock.calls.some(([, init]) => init?.method === "PATCH")).toBe(true);
  });
  const patch = fetch.mock.calls.find(([, init]) => init?.method === "PATCH");
  expect(bodyOf(patch)).toEqual({ reminder_lead_minutes: 10080 });
});

const sent = {
  id: "m-1",
  subject: "Doors open at 17:30",
  body: "Bring your ticket.\nSee you there.",
  posted_at: "2030-01-01T10:00:00.000Z",
  recipients: 3,
};

function attendeesPage(post: ReturnType<typeof json>) {
  signInAs(["attendee", "organizer"], 900, "org-1");
  let messages: unknown[] = [];
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/events/e-1": json(eventOf()),
    "GET /api/v1/registrations/events/e-1": emptyPage,
    "GET /api/v1/registrations/events/e-1/messages": () => json({ items: messages }),
    "POST /api/v1/registrations/events/e-1/messages": () => {
      if (post.status === 202) messages = [sent];
      return post;
    },
  });
  renderAt("/events/e-1/attendees");
  return fetch;
}

async function writeMessage() {
  const form = await screen.findByRole("region", { name: "Message attendees" });
  await userEvent.type(within(form).getByLabelText("Subject"), ` ${sent.subject} `);
  await userEvent.type(within(form).getByLabelText("Message"), "Bring your ticket.");
  await userEvent.click(within(form).getByRole("button", { name: "Send to attendees" }));
  return form;
}

test("the organizer messages the attendees: the trimmed message is sent, and the sent list shows it", async () => {
  const fetch = attendeesPage(json(sent, 202));
  expect(await screen.findByText("No messages sent yet.")).toBeInTheDocument();
  const form = await writeMessage();

  expect(await within(form).findByText("Sent to 3 confirmed bookings.")).toBeInTheDocument();
  const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
  expect(bodyOf(post)).toEqual({ subject: sent.subject, body: "Bring your ticket." });
  const list = await screen.findByRole("list", { name: "Sent messages" });
  expect(list).toHaveTextContent(sent.subject);
  expect(list).toHaveTextContent("3 confirmed bookings");
  expect(within(form).getByLabelText("Subject")).toHaveValue("");
});

test("past the daily limit (429 too_many_messages) the form says the message was not sent and why", async () => {
  const limit = problem(429, "too_many_messages", "At most 10 messages per event per day.");
  attendeesPage({ ...limit, headers: { "Retry-After": "3600" } });
  const form = await writeMessage();

  const alert = await within(form).findByRole("alert");
  expect(alert).toHaveTextContent(
    "Not sent: an event can message its attendees at most 10 times a day. You can send the next one in about 60 minutes.",
  );
  expect(within(form).getByLabelText("Subject")).toHaveValue(` ${sent.subject} `);
});

test("an empty message is not sent", async () => {
  const fetch = attendeesPage(json(sent, 202));
  const form = await screen.findByRole("region", { name: "Message attendees" });
  await userEvent.click(within(form).getByRole("button", { name: "Send to attendees" }));

  expect(await within(form).findByText("Write a subject.")).toBeInTheDocument();
  expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
});
