import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, noContent, problem, renderAt, signInAs, USER_ID, bodyOf } from "./helpers";

const empty = json({ items: [], next_cursor: null });
const profile = {
  id: USER_ID,
  username: "ada",
  display_name: "Ada",
  bio: null,
  avatar_url: null,
  created_at: "2030-01-01T00:00:00.000Z",
  updated_at: "2030-01-01T00:00:00.000Z",
};
const account = {
  id: USER_ID,
  email: "ada@example.test",
  username: "ada",
  roles: ["attendee"],
  email_verified: true,
};

test("settings: a nested field problem (notifications.email) is shown at that checkbox", async () => {
  signInAs();
  fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/users/me/settings": json({
      notifications: { email: true, in_app: true },
      locale: "en",
      timezone: "UTC",
    }),
    "PUT /api/v1/users/me/settings": problem(
      400,
      "validation_failed",
      "The request body is not valid.",
      [
        {
          path: "notifications.email",
          message: "Invalid input: expected boolean, received string",
          code: "invalid_type",
        },
        {
          path: "timezone",
          message: "must be an IANA time zone, e.g. Europe/Berlin",
          code: "custom",
        },
      ],
    ),
  });
  renderAt("/settings");
  const zone = await screen.findByLabelText("Time zone");
  await userEvent.clear(zone);
  await userEvent.type(zone, "+01:00");
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

  await waitFor(() => {
    expect(zone).toHaveAccessibleDescription(
      "Times in mails are shown in this zone. Must be an IANA time zone, e.g. Europe/Berlin.",
    );
  });
  expect(screen.getByLabelText("By email")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("By email")).toHaveFocus();
});

test("settings: the edits are sent, the saved notice shows, and the next edit clears it", async () => {
  signInAs();
  const stored = { notifications: { email: true, in_app: true }, locale: "en", timezone: "UTC" };
  const fetch = fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/users/me/settings": json(stored),
    "PUT /api/v1/users/me/settings": json({
      notifications: { email: false, in_app: true },
      locale: "de-DE",
      timezone: "UTC",
    }),
  });
  renderAt("/settings");
  const locale = await screen.findByLabelText("Language and region");
  await userEvent.clear(locale);
  await userEvent.type(locale, " de-DE ");
  await userEvent.click(screen.getByLabelText("By email"));
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

  expect(await screen.findByText("Your settings are saved.")).toBeInTheDocument();
  const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
  expect(bodyOf(put)).toEqual({
    notifications: { email: false, in_app: true },
    locale: "de-DE",
    timezone: "UTC",
  });
  await userEvent.type(screen.getByLabelText("Time zone"), "x");
  expect(screen.queryByText("Your settings are saved.")).not.toBeInTheDocument();
});

test("an avatar the API refuses is explained at the file field; a good one replaces it", async () => {
  signInAs();
  const replies = [
    problem(422, "invalid_image", "The image could not be read: it is damaged or truncated."),
    json({ ...profile, avatar_url: "/api/v1/users/avatars/abc.webp" }),
  ];
  const fetch = fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/auth/me": json(account),
    "GET /api/v1/users/me": json(profile),
    "PUT /api/v1/users/me/avatar": () => replies.shift()!,
  });
  renderAt("/profile");
  const input = await screen.findByLabelText("Avatar image");
  await userEvent.upload(input, new File(["\x89PNG<html>"], "broken.png", { type: "image/png" }));
  await userEvent.click(screen.getByRole("button", { name: "Upload avatar" }));

  await waitFor(() => {
    expect(input).toHaveAccessibleDescription(
      "PNG, JPEG or WebP, up to 2 MB. The image could not be read: it is damaged or truncated.",
    );
  });
  const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
  expect(new Headers(put?.[1]?.headers).get("Content-Type")).toBe("image/png");
  expect(put?.[1]?.body).toBeInstanceOf(Blob);

  await userEvent.upload(input, new File(["png"], "me.png", { type: "image/png" }));
  await userEvent.click(screen.getByRole("button", { name: "Upload avatar" }));
  expect(await screen.findByRole("img", { name: "Your avatar" })).toHaveAttribute(
    "src",
    "/api/v1/users/avatars/abc.webp",
  );
});

test("profile: a taken username is shown at the username field", async () => {
  signInAs();
  fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/auth/me": json(account),
    "GET /api/v1/users/me": json(profile),
    "PATCH /api/v1/users/me": problem(409, "username_taken", "This username is taken."),
  });
  renderAt("/profile");
  const username = await screen.findByLabelText("Username");
  await userEvent.clear(username);
  await userEvent.type(username, "grace");
  await userEvent.click(screen.getByRole("button", { name: "Save profile" }));
  await waitFor(() => {
    expect(username).toHaveAccessibleDescription("This username is taken.");
  });
});

test("notifications: unread ones are marked, and all can be marked read", async () => {
  signInAs();
  let read = false;
  const item = {
    id: "n1",
    type: "registration_confirmed",
    title: "You're registered for Kafka",
    body: "Your seat is confirmed.",
    data: { event_id: "e-1" },
    created_at: "2030-01-01T00:00:00.000Z",
  };
  fakeApi({
    "GET /api/v1/notifications": (_init, url) =>
      read && url.includes("unread=true")
        ? empty
        : json({
            items: [{ ...item, read_at: read ? "2030-01-02T00:00:00.000Z" : null }],
            next_cursor: null,
          }),
    "POST /api/v1/notifications/read-all": () => {
      read = true;
      return noContent();
    },
  });
  renderAt("/notifications");
  const entry = (
    await screen.findByRole("heading", { name: /You're registered for Kafka/ })
  ).closest("li")!;
  expect(within(entry).getByText("New")).toBeInTheDocument();
  expect(within(entry).getByRole("link", { name: "Open the event" })).toHaveAttribute(
    "href",
    "/events/e-1",
  );

  await userEvent.click(screen.getByRole("button", { name: "Mark all as read" }));
  await waitFor(() => {
    expect(screen.queryByText("New")).not.toBeInTheDocument();
  });
  expect(screen.getByRole("link", { name: "Notifications" })).toBeInTheDocument();
});

test("admin: roles are saved as a whole set, and a refusal is said next to them", async () => {
  signInAs(["attendee", "admin"]);
  const replies = [
    json({ ...account, id: "u-2", roles: ["attendee", "organizer"] }),
    problem(422, "cannot_remove_own_admin", "You cannot remove your own admin role."),
  ];
  const fetch = fakeApi({
    "GET /api/v1/notifications": empty,
    "GET /api/v1/users": json({
      items: [
        {
          ...profile,
          id: "u-2",
          username: "grace",
          display_name: "Grace",
          email: "grace@example.test",
        },
        { ...profile, email: "ada@example.test" },
      ],
      next_cursor: null,
    }),
    "PUT /api/v1/auth/users/u-2/roles": () => replies.shift()!,
    [`PUT /api/v1/auth/users/${USER_ID}/roles`]: () => replies.shift()!,
  });
  renderAt("/admin/users");
  await userEvent.click(await screen.findByRole("button", { name: "Change roles of Grace" }));
  const grace = screen.getByRole("form", { name: "Roles of Grace" });
  await userEvent.click(within(grace).getByLabelText("organizer"));
  await userEvent.click(within(grace).getByRole("button", { name: "Save roles" }));
  expect(await screen.findByText(/Roles: attendee, organizer/)).toBeInTheDocument();
  const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
  expect(bodyOf(put)).toEqual({ roles: ["attendee", "organizer"] });

  expect(screen.getByText("Roles: attendee, admin")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Change roles of Ada" }));
  const own = screen.getByRole("form", { name: "Roles of Ada" });
  await userEvent.click(within(own).getByLabelText("admin"));
  await userEvent.click(within(own).getByRole("button", { name: "Save roles" }));
  expect(await within(own).findByRole("alert")).toHaveTextContent(
    "You cannot remove your own admin role.",
  );
});
