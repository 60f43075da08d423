import type { Page } from "playwright-core";
import { mailCatcherUrl, waitForMailLink } from "./captured-mail";
import type { LocalPlatform } from "./local-platform";
import { see, signIn } from "./web-ui";

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
}

/** A fresh account with a unique email (so a retried test never meets its earlier run). */
export const newAccount = (name: string, displayName: string): NewAccount => ({
  email: `e2e.${name}.${Date.now()}@example.test`,
  password: "correct horse battery staple",
  displayName,
});

/**
 * Signs up through the sign-up page, confirms the email from the captured mail's link and
 * signs in, as a new attendee does.
 */
export async function signUpConfirmed(
  page: Page,
  platform: LocalPlatform,
  account: NewAccount,
): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Display name (optional)").fill(account.displayName);
  await page.getByRole("button", { name: "Create account" }).click();
  await see(page.getByRole("heading", { name: "Check your inbox" }));
  const catcher = mailCatcherUrl(platform.output());
  const link = await waitForMailLink(catcher, account.email, "/verify-email");
  expect(link.origin).toBe(platform.gateway);
  await page.goto(`${link.pathname}${link.search}`);
  await see(page.getByText("Your email address is confirmed. Thank you!"));
  await signIn(page, account.email, account.password);
}
