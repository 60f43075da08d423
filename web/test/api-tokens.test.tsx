import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { scopesFor } from "../src/pages/account/token-scopes";
import { bodyOf, errorOf, fakeApi, json, noContent, problem, renderAt, signInAs } from "./helpers";

const token = {
  id: "t-1",
  name: "Badge printer",
  scopes: ["events:read", "checkin:write"],
  prefix: "tnt_pat_AbCd",
  created_at: "2030-01-01T00:00:00.000Z",
  expires_at: "2099-04-01T00:00:00.000Z",
  last_used_at: null,
  revoked_at: null,
};

const routes = (over: Parameters<typeof fakeApi>[0] = {}) =>
  fakeApi({
    "GET /api/v1/notifications": json({ items: [], next_cursor: null }),
    "GET /api/v1/auth/api-tokens": json({ items: [token] }),
    ...over,
  });

test("the roles are the ceiling: organizer-only scopes are offered to organizers and admins only", () => {
  const attendee = scopesFor(["attendee"]).map((s) => s.scope);
  expect(attendee).toContain("checkin:write");
  expect(attendee).not.toContain("events:write");
  expect(attendee).not.toContain("webhooks:read");
  expect(scopesFor(["attendee", "organizer"]).map((s) => s.scope)).toContain("webhooks:write");
  expect(scopesFor(["admin"]).map((s) => s.scope)).toContain("events:write");
});

test("a token is created with its scopes and expiry, shown once, and gone after 'I have saved it'", async () => {
  signInAs(["attendee"]);
  const fetch = routes({
    "POST /api/v1/auth/api-tokens": json(
      { ...token, id: "t-2", name: "Sheet", token: "tnt_pat_secretsecret" },
      201,
    ),
  });
  renderAt("/settings/api-tokens");
  const row = await screen.findByRole("row", { name: /Badge printer/ });
  expect(within(row).getByText("tnt_pat_AbCd…")).toBeInTheDocument();
  expect(within(row).getByText("Not yet")).toBeInTheDocument();
  // An attendee is not offered what their roles cannot use.
  expect(screen.queryByRole("checkbox", { name: /webhooks:write/ })).not.toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: "Create token" }));
  expect(errorOf(screen.getByLabelText("Name"))).toBe("Give the token a name.");
  expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);

  await userEvent.type(screen.getByLabelText("Name"), " Sheet ");
  await userEvent.click(screen.getByRole("checkbox", { name: /events:read/ }));
  await userEvent.selectOptions(screen.getByLabelText("Expires after"), "30 days");
  const before = Date.now();
  await userEvent.click(screen.getByRole("button", { name: "Create token" }));

  expect(await screen.findByLabelText("Token “Sheet”")).toHaveValue("tnt_pat_secretsecret");
  expect(screen.getByText("Copy it now: you will not see it again.")).toBeInTheDocument();
  const post = bodyOf(fetch.mock.calls.find(([, init]) => init?.method === "POST")) as {
    name: string;
    scopes: string[];
    expires_at: string;
  };
  expect(post.name).toBe("Sheet");
  expect(post.scopes).toEqual(["events:read"]);
  const days = (Date.parse(post.expires_at) - before) / 86_400_000;
  expect(days).toBeGreaterThan(29.99);
  expect(days).toBeLessThan(30.01);

  await userEvent.click(screen.getByRole("button", { name: "I have saved it" }));
  expect(screen.queryByDisplayValue("tnt_pat_secretsecret")).not.toBeInTheDocument();
});

test("a refused scope is said at the scopes; revoking asks first, then deletes", async () => {
  signInAs(["attendee", "organizer"]);
  const fetch = routes({
    "POST /api/v1/auth/api-tokens": problem(
      422,
      "scope_not_allowed",
      "Your roles do not allow the scope webhooks:write.",
    ),
    "DELETE /api/v1/auth/api-tokens/t-1": noContent(),
  });
  renderAt("/settings/api-tokens");
  await userEvent.type(await screen.findByLabelText("Name"), "Hooks");
  const scope = screen.getByRole("checkbox", { name: /webhooks:write/ });
  await userEvent.click(scope);
  await userEvent.click(screen.getByRole("button", { name: "Create token" }));
  await waitFor(() => {
    expect(errorOf(scope)).toBe("Your roles do not allow the scope webhooks:write.");
  });

  await userEvent.click(screen.getByRole("button", { name: "Revoke Badge printer" }));
  expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Yes, revoke it" }));
  await waitFor(() => {
    expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(true);
  });
});
