import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { bodyOf, errorOf, fakeApi, json, problem, renderAt, signInAs, urlOf } from "./helpers";

const empty = json({ items: [], next_cursor: null });
const endpoint = {
  id: "w-1",
  url: "https://crm.example.com/hooks",
  event_types: ["turnout.registration.confirmed.v1"],
  event_id: null,
  description: null,
  status: "active",
  disabled_reason: null,
  failing_since: null,
  created_at: "2030-01-01T00:00:00.000Z",
};
const delivery = {
  id: "d-1",
  event_id: "0b3c9a7e-1111-4000-8000-000000000001",
  event_type: "turnout.registration.confirmed.v1",
  status: "failed",
  response_status: 503,
  attempts: 2,
  latency_ms: 41,
  last_attempt_at: "2030-01-02T00:00:00.000Z",
  next_attempt_at: null,
  created_at: "2030-01-02T00:00:00.000Z",
};
const base = "/api/v1/webhooks/endpoints";

test("a new endpoint: checked before sending, a refused address said at the URL, the secret shown once", async () => {
  signInAs(["attendee", "organizer"]);
  const replies = [
    problem(422, "url_not_allowed", "The address resolves to a private network."),
    json({ ...endpoint, id: "w-2", event_types: ["*"], secret: "whsec_c2VjcmV0" }, 201),
  ];
  const fetch = fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/events": empty,
    [`GET ${base}`]: empty,
    [`POST ${base}`]: () => replies.shift()!,
  });
  renderAt("/organizer/webhooks");
  await screen.findByText("No endpoints yet: add one below.");
  // Organizers are not offered the platform's user.* types.
  expect(screen.queryByRole("checkbox", { name: "User registered" })).not.toBeInTheDocument();
  await userEvent.type(screen.getByLabelText("Endpoint URL"), "crm.example.com");
  await userEvent.click(screen.getByRole("button", { name: "Create endpoint" }));
  expect(errorOf(screen.getByLabelText("Endpoint URL"))).toBe("Enter a full https:// address.");
  expect(errorOf(screen.getByRole("checkbox", { name: "Checked in" }))).toBe(
    "Choose at least one event type.",
  );
  expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);

  const url = screen.getByLabelText("Endpoint URL");
  await userEvent.clear(url);
  await userEvent.type(url, "https://10.0.0.5/hooks");
  await userEvent.click(screen.getByRole("checkbox", { name: /^All event types/ }));
  expect(screen.getByRole("checkbox", { name: "Checked in" })).toBeDisabled();
  await userEvent.click(screen.getByRole("button", { name: "Create endpoint" }));
  await waitFor(() => {
    expect(errorOf(url)).toBe("The address resolves to a private network.");
  });

  await userEvent.click(screen.getByRole("button", { name: "Create endpoint" }));
  expect(await screen.findByLabelText("Signing secret")).toHaveValue("whsec_c2VjcmV0");
  expect(bodyOf(fetch.mock.calls.filter(([, i]) => i?.method === "POST").at(-1))).toEqual({
    url: "https://10.0.0.5/hooks",
    event_types: ["*"],
  });
  expect(screen.getByRole("link", { name: "Open the new endpoint and its log" })).toHaveAttribute(
    "href",
    "/organizer/webhooks/w-2",
  );
});

test("an endpoint's page: re-enable a disabled one, filter the log, open a delivery, send it again, replay", async () => {
  signInAs(["attendee", "organizer"]);
  const fetch = fakeApi({
    "GET /api/v1/notifications": empty,
    [`GET ${base}/w-1`]: json({ ...endpoint, status: "disabled", disabled_reason: "failing" }),
    [`PATCH ${base}/w-1`]: json(endpoint),
    [`GET ${base}/w-1/deliveries`]: json({ items: [delivery], next_cursor: null }),
    [`GET ${base}/w-1/deliveries/d-1`]: json({
      ...delivery,
      payload: JSON.stringify({ id: delivery.event_id, data: { seats: 2 } }),
      attempt_log: [
        {
          at: "2030-01-02T00:00:00.000Z",
          response_status: 503,
          latency_ms: 41,
          error: null,
          response_excerpt: "busy",
        },
      ],
    }),
    [`POST ${base}/w-1/deliveries/d-1/resend`]: json({ delivery_id: "d-2" }, 202),
    [`POST ${base}/w-1/replay`]: json({ queued: 12 }, 202),
  });
  renderAt("/organizer/webhooks/w-1");
  const banner = await screen.findByRole("alert");
  expect(banner).toHaveTextContent("This endpoint is disabled");
  await userEvent.click(within(banner).getByRole("button", { name: "Re-enable" }));
  await waitFor(() => {
    expect(screen.queryByText(/This endpoint is disabled/)).not.toBeInTheDocument();
  });
  expect(bodyOf(fetch.mock.calls.find(([, i]) => i?.method === "PATCH"))).toEqual({
    enabled: true,
  });

  expect(
    within(await screen.findByRole("row", { name: /Registration confirmed/ })).getByText("503"),
  ).toBeInTheDocument();
  await userEvent.selectOptions(screen.getByLabelText("Show"), "Failed");
  await waitFor(() => {
    expect(fetch.mock.calls.some(([u]) => urlOf([u]).includes("deliveries?status=failed"))).toBe(
      true,
    );
  });

  // The filtered list is a new table.
  const row = await screen.findByRole("row", { name: /Registration confirmed/ });
  await userEvent.click(within(row).getByRole("button", { name: "Details" }));
  const attempts = await screen.findByRole("list", { name: "Attempts" });
  expect(attempts).toHaveTextContent("503 in 41 ms");
  expect(screen.getByText(/"seats": 2/)).toBeInTheDocument();
  await userEvent.click(within(row).getByRole("button", { name: "Send again" }));
  expect(await within(row).findByText("Queued again.")).toBeInTheDocument();

  await userEvent.type(screen.getByLabelText("Replay since"), "2030-01-01T10:00");
  await userEvent.click(screen.getByRole("button", { name: "Replay" }));
  expect(await screen.findByText("12 deliveries queued.")).toBeInTheDocument();
  const replay = bodyOf(fetch.mock.calls.find(([u]) => urlOf([u]).endsWith("/replay"))) as {
    since: string;
  };
  expect(replay.since).toBe(new Date("2030-01-01T10:00").toISOString());
});
