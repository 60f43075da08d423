import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getSession } from "../src/api/session";
import {
  fakeApi,
  fakeToken,
  json,
  noContent,
  problem,
  renderAt,
  bodyOf,
  emptyPage,
  errorOf,
  storedText,
} from "./helpers";

// The web app's token reply: the refresh token travels in the HttpOnly cookie, not here.
const tokens = {
  access_token: fakeToken({ sub: "u-1", roles: ["attendee"] }),
  token_type: "Bearer",
  expires_in: 900,
};

test("sign-in checks the fields first and focuses the first one in error", async () => {
  const fetch = fakeApi({});
  renderAt("/sign-in");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

  const login = screen.getByLabelText("Email or username");
  expect(login).toHaveAttribute("aria-invalid", "true");
  expect(errorOf(login)).toBe("Enter your email address or username.");
  expect(errorOf(screen.getByLabelText("Password"))).toBe("Enter your password.");
  expect(login).toHaveFocus();
  expect(fetch).not.toHaveBeenCalled();
});

test("wrong credentials are said in plain words above the form, and nobody is signed in", async () => {
  fakeApi({
    "POST /api/v1/auth/login": problem(
      401,
      "invalid_credentials",
      "The email or password is not right.",
    ),
  });
  renderAt("/sign-in");
  await userEvent.type(screen.getByLabelText("Email or username"), "ada@example.test");
  await userEvent.type(screen.getByLabelText("Password"), "not the password");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The email or password is not right.");
  expect(alert).not.toHaveTextContent("invalid_credentials");
  expect(alert).toHaveFocus();
  expect(getSession()).toBeNull();
});

test("throttled sign-in says when to try again", async () => {
  fakeApi({
    "POST /api/v1/auth/login": {
      ...problem(429, "too_many_requests", "Too many attempts."),
      headers: { "Retry-After": "30" },
    },
  });
  renderAt("/sign-in");
  await userEvent.type(screen.getByLabelText("Email or username"), "ada");
  await userEvent.type(screen.getByLabelText("Password"), "whatever it is");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Too many attempts. Try again in 30 seconds.",
  );
});

test("a username signs in as username, keeps the session and returns to the page asked for", async () => {
  const fetch = fakeApi({
    "POST /api/v1/auth/login": json(tokens),
    "GET /api/v1/registrations": emptyPage,
    "GET /api/v1/notifications": emptyPage,
  });
  const { router } = renderAt("/sign-in?next=%2Fmy%2Fregistrations");
  await userEvent.type(screen.getByLabelText("Email or username"), "ada");
  await userEvent.type(screen.getByLabelText("Password"), "correct horse battery");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

  await waitFor(() => {
    expect(router.state.location.pathname).toBe("/my/registrations");
  });
  expect(bodyOf(fetch.mock.calls[0])).toEqual({
    username: "ada",
    password: "correct horse battery",
  });
  // The app asks for the session cookie and keeps the access token in memory only.
  expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get("X-Turnout-Client")).toBe("web");
  expect(getSession()).toMatchObject({ userId: "u-1", accessToken: tokens.access_token });
  expect(storedText()).not.toContain(tokens.access_token);
});

test("sign-up puts each field problem of the API next to its field", async () => {
  fakeApi({
    "POST /api/v1/auth/register": problem(
      400,
      "validation_failed",
      "The request body is not valid.",
      [
        {
          path: "password",
          message: "Too small: expected string to have >=12 characters",
          code: "too_small",
        },
        {
          path: "username",
          message: "Too small: expected string to have >=3 characters",
          code: "too_small",
        },
      ],
    ),
  });
  renderAt("/sign-up");
  await userEvent.type(screen.getByLabelText("Email"), "new@example.test");
  // Long enough for the page's own check; the API's rule is what is shown.
  await userEvent.type(screen.getByLabelText("Password"), "twelve chars");
  await userEvent.type(screen.getByLabelText("Username (optional)"), "abc");
  await userEvent.click(screen.getByRole("button", { name: "Create account" }));

  const password = screen.getByLabelText("Password");
  await waitFor(() => {
    expect(errorOf(password)).toBe("Use at least 12 characters.");
  });
  expect(errorOf(screen.getByLabelText("Username (optional)"))).toBe("Use at least 3 characters.");
  expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
  expect(screen.getByRole("alert")).toHaveTextContent("Please check the highlighted fields.");
  expect(password).toHaveFocus();
});

test("a taken username is shown at its field; a sign-up asks to check the inbox", async () => {
  const replies = [
    problem(409, "username_taken", "This username is taken."),
    json(
      {
        id: "u-2",
        email: "new@example.test",
        username: null,
        roles: ["attendee"],
        email_verified: false,
      },
      201,
    ),
  ];
  fakeApi({ "POST /api/v1/auth/register": () => replies.shift()! });
  renderAt("/sign-up");
  await userEvent.type(screen.getByLabelText("Email"), "new@example.test");
  await userEvent.type(screen.getByLabelText("Password"), "a long enough password");
  await userEvent.type(screen.getByLabelText("Username (optional)"), "taken_name");
  await userEvent.click(screen.getByRole("button", { name: "Create account" }));
  await waitFor(() => {
    expect(errorOf(screen.getByLabelText("Username (optional)"))).toBe("This username is taken.");
  });

  await userEvent.click(screen.getByRole("button", { name: "Create account" }));
  // The same page whether or not the email already had an account: the server mails its owner.
  expect(await screen.findByRole("heading", { name: "Check your inbox" })).toBeInTheDocument();
  expect(screen.getByText(/We sent a mail to/)).toHaveTextContent("new@example.test");
  expect(screen.queryByText(/account is ready/)).toBeNull();
});

test("the verification link confirms the address once, and a spent link says so", async () => {
  const fetch = fakeApi({ "POST /api/v1/auth/verify-email": noContent() });
  renderAt("/verify-email?token=abc123");
  expect(
    await screen.findByText("Your email address is confirmed. Thank you!"),
  ).toBeInTheDocument();
  expect(fetch).toHaveBeenCalledTimes(1);
  expect(bodyOf(fetch.mock.calls[0])).toEqual({ token: "abc123" });

  fakeApi({
    "POST /api/v1/auth/verify-email": problem(400, "invalid_token", "The token is not valid."),
  });
  renderAt("/verify-email?token=used");
  expect(await screen.findByRole("alert")).toHaveTextContent("expired or was already used");
});

test("password reset: the new password is checked, sent with the token, and sessions end", async () => {
  const fetch = fakeApi({ "POST /api/v1/auth/password-reset-confirm": noContent() });
  renderAt("/reset-password?token=t-1");
  await userEvent.type(screen.getByLabelText("New password"), "a brand new password");
  await userEvent.type(screen.getByLabelText("Repeat the new password"), "a different one!");
  await userEvent.click(screen.getByRole("button", { name: "Set the new password" }));
  expect(errorOf(screen.getByLabelText("Repeat the new password"))).toBe(
    "The two passwords are not the same.",
  );
  expect(fetch).not.toHaveBeenCalled();

  await userEvent.clear(screen.getByLabelText("Repeat the new password"));
  await userEvent.type(screen.getByLabelText("Repeat the new password"), "a brand new password");
  await userEvent.click(screen.getByRole("button", { name: "Set the new password" }));
  expect(await screen.findByRole("heading", { name: "Password changed" })).toBeInTheDocument();
  expect(bodyOf(fetch.mock.calls[0])).toEqual({
    token: "t-1",
    new_password: "a brand new password",
  });
});
