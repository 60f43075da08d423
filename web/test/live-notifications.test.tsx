import { act, screen, waitFor, within } from "@testing-library/react";
import { fakeApi, json, renderAt, signInAs } from "./helpers";

/** The notification stream's side of fetch: each request gets a stream the test writes to. */
interface FakeStream {
  url: string;
  headers: Headers;
  push(data: unknown, id: string): void;
  end(): void;
  aborted: boolean;
}

let streams: FakeStream[] = [];

/** `fakeApi` for everything else; the stream path answers an open `text/event-stream`. */
function withStream(
  routes: Parameters<typeof fakeApi>[0],
  refuse?: () => Response | undefined,
): void {
  fakeApi(routes);
  const api = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    if (!url.startsWith("/api/v1/notifications/stream")) return api(input, init);
    const refused = refuse?.();
    if (refused) return Promise.resolve(refused);
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        c.enqueue(encoder.encode("retry: 3000\n: connected\n\n"));
      },
    });
    const stream: FakeStream = {
      url,
      headers: new Headers(init?.headers),
      aborted: false,
      push: (data, id) => {
        controller.enqueue(
          encoder.encode(`id: ${id}\nevent: notification\ndata: ${JSON.stringify(data)}\n\n`),
        );
      },
      end: () => {
        controller.close();
      },
    };
    init?.signal?.addEventListener("abort", () => {
      stream.aborted = true;
    });
    streams.push(stream);
    return Promise.resolve(
      new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } }),
    );
  };
}

const notification = (id: string, title: string, data: Record<string, string> = {}) => ({
  id,
  type: "registration_promoted",
  title,
  body: "You were on the waitlist and now hold a seat.",
  data,
  read_at: null,
  created_at: "2030-01-01T00:00:00.000Z",
});

beforeEach(() => {
  streams = [];
});

test("a pushed notification is announced, counted and refreshes the registration", async () => {
  signInAs();
  const confirmed = notification("n-7", "A seat opened up: you're in for Kafka", {
    event_id: "e-1",
    registration_id: "r-1",
  });
  let unread: unknown[] = [];
  withStream({
    "GET /api/v1/events": json({ items: [], next_cursor: null }),
    "GET /api/v1/notifications": () => json({ items: unread, next_cursor: null }),
  });
  const { queryClient } = renderAt("/");
  await waitFor(() => {
    expect(streams).toHaveLength(1);
  });
  const stream = streams[0]!;
  // The token travels in the header, never in the URL.
  expect(stream.url).toBe("/api/v1/notifications/stream");
  expect(stream.headers.get("authorization")).toMatch(/^Bearer [\w.-]+$/);
  const invalidate = jest.spyOn(queryClient, "invalidateQueries");

  unread = [confirmed];
  act(() => {
    stream.push(confirmed, "n-7");
  });
  const toasts = screen.getByRole("status", { name: "New notifications" });
  expect(await within(toasts).findByText(confirmed.title)).toBeInTheDocument();
  expect(within(toasts).getByRole("link", { name: "Open the event" })).toHaveAttribute(
    "href",
    "/events/e-1",
  );
  expect(await screen.findByRole("link", { name: "Notifications (1 unread)" })).toBeInTheDocument();
  expect(invalidate).toHaveBeenCalledWith({ queryKey: ["me", "registrations"] });
  expect(invalidate).toHaveBeenCalledWith({ queryKey: ["availability", "e-1"] });
});

test("an ended stream reconnects with a fresh token and the last id it saw", async () => {
  jest.useFakeTimers();
  try {
    signInAs();
    withStream({
      "GET /api/v1/events": json({ items: [], next_cursor: null }),
      "GET /api/v1/notifications": json({ items: [], next_cursor: null }),
    });
    renderAt("/");
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10);
    });
    const first = streams[0]!;
    await act(async () => {
      first.push(notification("n-1", "Welcome"), "n-1");
      first.end();
      await jest.advanceTimersByTimeAsync(10);
    });
    expect(streams).toHaveLength(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1500);
    });
    expect(streams).toHaveLength(2);
    expect(streams[1]!.url).toBe("/api/v1/notifications/stream");
    expect(streams[1]!.headers.get("last-event-id")).toBe("n-1");
    expect(streams[1]!.headers.get("authorization")).toMatch(/^Bearer /);
  } finally {
    jest.useRealTimers();
  }
});

test("a refused stream (the account holds the most) waits Retry-After before trying again", async () => {
  jest.useFakeTimers();
  try {
    signInAs();
    let refusals = 1;
    withStream(
      {
        "GET /api/v1/events": json({ items: [], next_cursor: null }),
        "GET /api/v1/notifications": json({ items: [], next_cursor: null }),
      },
      () =>
        refusals-- > 0
          ? new Response('{"code":"too_many_streams"}', {
              status: 429,
              headers: { "Content-Type": "application/problem+json", "Retry-After": "30" },
            })
          : undefined,
    );
    renderAt("/");
    await act(async () => {
      await jest.advanceTimersByTimeAsync(29_000);
    });
    expect(streams).toHaveLength(0);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1_500);
    });
    expect(streams).toHaveLength(1);
  } finally {
    jest.useRealTimers();
  }
});
