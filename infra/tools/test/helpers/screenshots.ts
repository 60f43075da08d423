import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { repoRoot } from "@turnout/provisioning";
import { DESKTOP, PHONE } from "./chromium";

/** Saves what the page shows as `docs/screenshots/<name>-<size>.png`. */
export const screenshot = (page: Page, name: string, size = "desktop") =>
  page.screenshot({ path: join(repoRoot(), "docs", "screenshots", `${name}-${size}.png`) });

/**
 * Shoots the page on a desktop, then resized to a phone (the layout is the phone's) and
 * scrolled to `part`, and gives it its desktop size back.
 */
export async function screenshotDesktopAndPhone(page: Page, name: string, part: Locator) {
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await part.first().scrollIntoViewIfNeeded();
  await screenshot(page, name, "phone");
  await page.setViewportSize(DESKTOP);
}
