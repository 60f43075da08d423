import type { Locator, Page } from "playwright-core";

/**
 * Waits until `locator` is visible. On a timeout the error also says what the page showed
 * instead (its URL and visible text), so a failure in CI can be read without a rerun.
 */
export async function see(locator: Locator, timeout = 20_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch (error) {
    const page = locator.page();
    const shown = await page
      .locator("body")
      .innerText({ timeout: 2_000 })
      .catch(() => "(the page's text could not be read)");
    throw new Error(`${String(error)}\n--- ${page.url()} showed:\n${shown.slice(0, 2_000)}`, {
      cause: error,
    });
  }
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

/**
 * Waits for the toast titled `title` (a notification arriving live) and dismisses it, so that
 * it covers nothing in a screenshot taken after.
 */
export async function dismissToast(page: Page, title: string): Promise<void> {
  await toasts(page)
    .getByRole("button", { name: `Dismiss: ${title}` })
    .click({ timeout: 30_000 });
}
