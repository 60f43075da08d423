import type { CapturedMail } from "@turnout/dev-stack";
import { testStack } from "./stack";
import { waitFor, type WaitForOptions } from "./wait-for";

export type { CapturedMail };

/** The stack's mail catcher API (`GET /messages`, `/outage`; dev-stack's mail-api.ts). */
function mailApi(): string {
  const apiUrl = testStack().mail?.apiUrl;
  if (!apiUrl) throw new Error("the test stack has no development mail catcher");
  return apiUrl;
}

async function call(method: string, path: string): Promise<Response> {
  const res = await fetch(`${mailApi()}${path}`, { method });
  if (!res.ok) throw new Error(`mail catcher ${method} ${path}: ${res.status}`);
  return res;
}

/**
 * Every message the stack's SMTP server accepted, oldest first; `to` keeps those addressed to
 * one address. The catcher is shared by the whole run: filter by a unique address, never clear.
 */
export async function capturedMail(filter: { to?: string } = {}): Promise<CapturedMail[]> {
  const query = filter.to === undefined ? "" : `?to=${encodeURIComponent(filter.to)}`;
  return (await (await call("GET", `/messages${query}`)).json()) as CapturedMail[];
}

/** The first captured message `predicate` accepts, waiting for it to arrive. */
export async function waitForMail(
  predicate: (mail: CapturedMail) => boolean,
  options: WaitForOptions & { to?: string } = {},
): Promise<CapturedMail> {
  const { to, ...wait } = options;
  return waitFor(async () => (await capturedMail(to === undefined ? {} : { to })).find(predicate), {
    timeoutMs: 15_000,
    intervalMs: 100,
    message: "a captured mail",
    ...wait,
  });
}

export interface MailOutage {
  /** SMTP accepts again, at the same address. */
  end(): Promise<void>;
}

/**
 * Takes the stack's SMTP server down (connections refused) until `end()`. It is shared by every
 * test of the run, so keep outages short and always end them (`finally`).
 */
export async function mailOutage(): Promise<MailOutage> {
  await call("POST", "/outage");
  let ended = false;
  return {
    async end() {
      if (ended) return;
      ended = true;
      await call("DELETE", "/outage");
    },
  };
}
