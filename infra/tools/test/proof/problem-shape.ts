/** What is wrong with a reply, against "no 5xx, and every error one problem shape"; "" if fine. */
export async function problemViolation(res: Response): Promise<string> {
  const text = await res.text();
  if (res.status >= 500) return `${res.status}: ${text.slice(0, 200)}`;
  if (res.status < 400) return "";
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("application/problem+json")) return `${res.status} as ${type}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${res.status} problem+json that is not JSON`;
  }
  const missing = ["type", "title", "detail", "code", "request_id"].filter(
    (k) => typeof body[k] !== "string",
  );
  if (missing.length > 0)
    return `${res.status} problem lacks ${missing.join(",")}: ${text.slice(0, 200)}`;
  if (body.status !== res.status) return `problem status ${String(body.status)} ≠ ${res.status}`;
  return "";
}

/** Runs `work` over `items`, `limit` at a time. */
export async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
