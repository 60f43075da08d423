import { act, screen, waitFor, within } from "@testing-library/react";
import { fakeApi, json, renderAt, signInAs } from "./helpers";

/** Stands in for the browser's EventSource: the test pushes messages to the open streams. */
class FakeEventSource extends EventTarget {
  static open: FakeEventSource[] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.open.push(this);
    setTimeout(() => this.dispatchEvent(new Event("open")), 0);
  }
  close() {
    this.closed = true;
  }
  push(data: unknown, id: string) {
    this.dispatchEvent(
      new MessageEvent("notification", { data: JSON.stringify(data), lastEventId: id }),
    );
  }
}

beforeEach(() => {
  FakeEventSource.open = [];
  (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
});
afterEach(() => {
  delete (globalThis as { EventSource?: unknown }).EventSource;
});

test("a pushed notification is announced, counted and refreshes the registration", async () => {
  signInAs();
  const confirmed = {
    id: "n-7",
    type: "registration_promoted",
    title: "A seat opened up: you're in for Kafka",
    body: "You were on the waitlist and now hold a seat.",
    data: { event_id: "e-1", registration_id: "r-1" },
    read_at: null,
    created_at: "2030-01-01T00:00:00.000Z",
  };
  let unread: unknown[] = [];
  fakeApi({
    "GET /api/v1/events": json({ items: [], next_cursor: null }),
    "GET /api/v1/notifications": () => json({ items: unread, next_cursor: null }),
  });
  const { queryClient } = renderAt("/");
  await waitFor(() => {
    expect(FakeEventSource.open).toHaveLength(1);
  });
  const stream = FakeEventSource.open[0]!;
  expect(stream.url).toMatch(/^\/api\/v1\/notifications\/stream\?access_token=[\w.-]+$/);
  const invalidate = jest.spyOn(queryClient, "invalidateQueries");

  unread = [confirmed];
  act(() => {
    stream.push(confirmed, "n-7");
  });
  const toasts = screen.getByRole("status", { name: "New notifications" });
  expect(within(toasts).getByText(confirmed.title)).toBeInTheDocument();
  expect(within(toasts).getByRole("link", { name: "Open the event" })).toHaveAttribute(
    "href",
    "/events/e-1",
  );
  expect(await screen.findByRole("link", { name: "Notifications (1 unread)" })).toBeInTheDocument();
  expect(invalidate).toHaveBeenCalledWith({ queryKey: ["me", "registrations"] });
  expect(invalidate).toHaveBeenCalledWith({ queryKey: ["availability", "e-1"] });
});

test("a dropped stream reconnects with a fresh token and the last id it saw", async () => {
  jest.useFakeTimers();
  try {
    signInAs();
    fakeApi({
      "GET /api/v1/events": json({ items: [], next_cursor: null }),
      "GET /api/v1/notifications": json({ items: [], next_cursor: null }),
    });
    renderAt("/");
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10);
    });
    const first = FakeEventSource.open[0]!;
    act(() => {
      first.push(
        {
          id: "n-1",
          type: "welcome",
          title: "Welcome",
          body: "",
          data: {},
          read_at: null,
          created_at: "2030-01-01T00:00:00Z",
        },
        "n-1",
      );
      first.dispatchEvent(new Event("error"));
    });
    expect(first.closed).toBe(true);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1500);
    });
    expect(FakeEventSource.open).toHaveLength(2);
    expect(FakeEventSource.open[1]!.url).toContain("last_event_id=n-1");
  } finally {
    jest.useRealTimers();
  }
});
