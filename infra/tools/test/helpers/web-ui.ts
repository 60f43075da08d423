import type { Locator, Page } from "playwright-core";

/** Waits until `locator` is visible, with what was awaited in the error. */
export async function see(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout });
}

/** Signs in through the sign-in page, as a person would, and waits for the events page. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill(login);
  // Enter submits, as from a keyboard.
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await page.waitForURL(/\/events$/);
}

/** Follows a link of the main navigation, opening the phone's menu first when there is one. */
export async function navigateTo(page: Page, name: string | RegExp): Promise<void> {
  const menu = page.getByRole("button", { name: /^Menu/ });
  if (await menu.isVisible()) {
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
}

/** Opens an event from the events list, by searching for its title. */
export async function openEvent(page: Page, title: string): Promise<void> {
  await page.goto(`/events?q=${encodeURIComponent(`"${title}"`)}`);
  await page.getByRole("link", { name: title, exact: true }).click();
  await see(page.getByRole("heading", { level: 1, name: title }));
}

/** The registration panel's status line on an event page (a polite live region). */
export const registrationStatus = (page: Page): Locator =>
  page
    .getByRole("complementary", { name: "Seats and registration" })
    .locator(".registration-status");

/** The live notifications region (toasts). */
export const toasts = (page: Page): Locator =>
  page.getByRole("status", { name: "New notifications" });
