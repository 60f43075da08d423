/** A small JSON client for the seed: every unexpected status fails with the problem's code. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export async function call(
  url: string,
  options: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    expect: readonly number[];
  },
): Promise<Reply> {
  const res = await fetch(url, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      Accept: "application/json",
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!options.expect.includes(res.status)) {
    const code = typeof body.code === "string" ? body.code : "";
    throw new Error(`${options.method ?? "GET"} ${url}: ${res.status} ${code}`.trim());
  }
  return { status: res.status, body };
}

/** `wall` o'clock on the day `inDays` from today, in `timeZone`, as a UTC instant. */
export function zonedInstant(inDays: number, hour: number, timeZone: string): Date {
  const now = new Date();
  const wall = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + inDays, hour);
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(new Date(wall))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  const offset = match
    ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0))
    : 0;
  return new Date(wall - offset * 60_000);
}
